/** `retryAfterSeconds` is what the `Retry-After` header says: when the next hit will be let through. */
export type RateLimitResult = {
    readonly ok: true;
} | {
    readonly ok: false;
    readonly retryAfterSeconds: number;
};
/**
 * Counts hits per key and refuses them past a limit. In memory on Node (MemoryRateLimiter), a
 * Durable Object at the edge; async so both fit. Keys should not be secrets or addresses in the
 * clear: the demo hashes email addresses before using them as keys.
 */
export interface RateLimiter {
    hit(key: string): Promise<RateLimitResult>;
}
