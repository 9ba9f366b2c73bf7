import type { RateLimiter, RateLimitResult } from './rate-limiter.ts';
export interface MemoryRateLimiterOptions {
    /** Hits allowed per key in one window. */
    readonly limit: number;
    readonly windowSeconds: number;
    /** Milliseconds since the epoch; injected so tests can move time on. */
    readonly now?: () => number;
    /** Keys remembered at most; see `hit` for what happens past it. */
    readonly maxKeys?: number;
}
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
export declare class MemoryRateLimiter implements RateLimiter {
    #private;
    constructor(options: MemoryRateLimiterOptions);
    hit(key: string): Promise<RateLimitResult>;
}
