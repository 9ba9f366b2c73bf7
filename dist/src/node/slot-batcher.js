/** Requests per batch at most, so that one batch never holds a worker for long. */
const MAX_BATCH = 64;
/**
 * Coalesces slot requests bound for the same worker within one turn of the event loop into one
 * piscina task. Under load many requests arrive per turn, and a message round trip between
 * threads (post, wake the worker, post back, wake the pool) costs far more CPU than the slot
 * operation itself; one round trip per batch instead of per request is most of the difference
 * between the slot store and a store that does nothing. When requests trickle in one per turn,
 * a batch is one request and nothing waits longer than it did.
 */
export class SlotBatcher {
    #send;
    /** Pending batches by target thread; `undefined` is "any worker" (opens). */
    #pending = new Map();
    #scheduled = false;
    constructor(send) {
        this.#send = send;
    }
    submit(request, threadId) {
        return new Promise((resolve, reject) => {
            let batch = this.#pending.get(threadId);
            if (!batch)
                this.#pending.set(threadId, (batch = { requests: [], waiters: [] }));
            batch.requests.push(request);
            batch.waiters.push({ resolve, reject });
            if (batch.requests.length >= MAX_BATCH) {
                this.#pending.delete(threadId);
                this.#dispatch(batch, threadId);
            }
            else if (!this.#scheduled) {
                this.#scheduled = true;
                // After this turn's I/O callbacks: every request parsed in this turn joins the batch.
                setImmediate(() => this.#flush());
            }
        });
    }
    #flush() {
        this.#scheduled = false;
        const pending = this.#pending;
        this.#pending = new Map();
        for (const [threadId, batch] of pending)
            this.#dispatch(batch, threadId);
    }
    #dispatch({ requests, waiters }, threadId) {
        this.#send(requests, threadId).then((responses) => waiters.forEach((w, i) => w.resolve(responses[i])), (error) => waiters.forEach((w) => w.reject(error)));
    }
}
