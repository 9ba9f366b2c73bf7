import type { Context } from 'hono';
import { type Logger } from '../core/logger.ts';
/**
 * Work done after the answer has gone out, like sending a reset mail: the forgot-password page
 * must look and take the same whether or not the account exists, so the part that differs
 * (lookup, link, mail) runs here instead of before the response.
 *
 * On Workers the task is handed to `executionCtx.waitUntil`, which keeps the isolate alive for
 * it; on Node the promise simply runs on. Either way the tracker knows what is still running,
 * so tests and a graceful stop can wait for it.
 */
export declare class BackgroundWork {
    #private;
    constructor(logger?: Logger);
    /** Starts `task` on a later turn of the event loop and never lets it reject unobserved. */
    run(c: Context, name: string, task: () => Promise<void>): void;
    /** Resolves once every task started so far, and any they started, has finished. */
    settled(): Promise<void>;
}
