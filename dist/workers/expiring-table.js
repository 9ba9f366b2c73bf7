const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * A slot table with one timer, set for its soonest expiry: slots free themselves on time with no
 * traffic and no sweeper job, at the cost of one timer per table rather than one per slot.
 */
export class ExpiringTable {
    table;
    /** Slots freed by their timer, for the metrics. */
    expired = 0;
    #timer;
    #due = Infinity;
    #nowMs;
    constructor(table, nowMs = Date.now) {
        this.table = table;
        this.#nowMs = nowMs;
    }
    /** Call after adding slots: re-arms the timer if a new slot expires sooner than it is set for. */
    schedule() {
        const next = this.table.nextExpiry();
        if (next === undefined || next >= this.#due)
            return;
        if (this.#timer)
            clearTimeout(this.#timer);
        this.#due = next;
        this.#timer = setTimeout(() => this.#fire(), Math.min(Math.max(0, next * 1000 - this.#nowMs()), MAX_TIMER_MS));
    }
    stop() {
        if (this.#timer)
            clearTimeout(this.#timer);
        this.#timer = undefined;
        this.#due = Infinity;
    }
    #fire() {
        this.#timer = undefined;
        this.#due = Infinity;
        this.expired += this.table.expire(Math.floor(this.#nowMs() / 1000));
        this.schedule();
    }
}
