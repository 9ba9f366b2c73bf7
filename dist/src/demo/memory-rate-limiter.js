/** Enough for every address and client of a busy demo, and at ~100 bytes a key a few MB at most. */
const DEFAULT_MAX_KEYS = 50_000;
const OK = { ok: true };
/**
 * A fixed-window counter per key, in this process's memory: the Node server's limiter. Fixed
 * windows let a burst of up to twice the limit straddle a window edge; for "5 reset mails per
 * address per 15 minutes" that is acceptable, and it keeps one small record per key.
 *
 * @example
 * const perAddress = new MemoryRateLimiter({ limit: 5, windowSeconds: 900 })
 * const verdict = await perAddress.hit('forgot:' + addressHash)
 * if (!verdict.ok) c.header('Retry-After', String(verdict.retryAfterSeconds))
 */
export class MemoryRateLimiter {
    #limit;
    #windowMs;
    #now;
    #maxKeys;
    /** Insertion order is window-start order, so the first entries are the oldest. */
    #windows = new Map();
    constructor(options) {
        if (!(options.limit >= 1) || !(options.windowSeconds > 0))
            throw new RangeError('limit must be ≥ 1 and windowSeconds > 0');
        this.#limit = options.limit;
        this.#windowMs = options.windowSeconds * 1000;
        this.#now = options.now ?? Date.now;
        this.#maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    }
    async hit(key) {
        const now = this.#now();
        let window = this.#windows.get(key);
        if (!window || now - window.start >= this.#windowMs) {
            this.#windows.delete(key);
            this.#makeRoom(now);
            window = { start: now, count: 0 };
            this.#windows.set(key, window);
        }
        if (window.count >= this.#limit) {
            return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + this.#windowMs - now) / 1000)) };
        }
        window.count++;
        return OK;
    }
    /**
     * Drops finished windows from the front; if the map is still full, the oldest live window goes.
     * Forgetting a key early can only let a few extra hits through; refusing new keys instead would
     * let anyone with many keys lock everybody else out.
     */
    #makeRoom(now) {
        for (const [key, window] of this.#windows) {
            if (this.#windows.size < this.#maxKeys && now - window.start < this.#windowMs)
                return;
            this.#windows.delete(key);
        }
    }
}
