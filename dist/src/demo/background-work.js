import { silentLogger } from "../core/logger.js";
/**
 * Work done after the answer has gone out, like sending a reset mail: the forgot-password page
 * must look and take the same whether or not the account exists, so the part that differs
 * (lookup, link, mail) runs here instead of before the response.
 *
 * On Workers the task is handed to `executionCtx.waitUntil`, which keeps the isolate alive for
 * it; on Node the promise simply runs on. Either way the tracker knows what is still running,
 * so tests and a graceful stop can wait for it.
 */
export class BackgroundWork {
    #pending = new Set();
    #logger;
    constructor(logger = silentLogger) {
        this.#logger = logger;
    }
    /** Starts `task` on a later turn of the event loop and never lets it reject unobserved. */
    run(c, name, task) {
        const work = new Promise((resolve) => setTimeout(resolve, 0))
            .then(task)
            .catch((error) => {
            this.#logger.error({ event: 'background_failed', task: name, ...describeError(error) });
        })
            .finally(() => this.#pending.delete(work));
        this.#pending.add(work);
        try {
            c.executionCtx.waitUntil(work);
        }
        catch {
            // No ExecutionContext (Node): nothing to extend, the tracker alone keeps hold of it.
        }
    }
    /** Resolves once every task started so far, and any they started, has finished. */
    async settled() {
        while (this.#pending.size > 0)
            await Promise.all(this.#pending);
    }
}
/**
 * The error's kind, never its message: mail errors quote the recipient ("<ada@example.com>:
 * mailbox unavailable"), and addresses must not reach the log.
 */
function describeError(error) {
    if (!(error instanceof Error))
        return { error: typeof error };
    const { code, responseCode } = error;
    return {
        error: error.name,
        ...(typeof code === 'string' && { code }),
        ...(typeof responseCode === 'number' && { responseCode }),
    };
}
