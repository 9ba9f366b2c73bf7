/**
 * Compares two byte strings in time that depends only on their lengths.
 *
 * Written by hand because WebCrypto has no compare and `node:crypto.timingSafeEqual` is not
 * available to the runtime-agnostic core; this is the same loop oslo and jose use.
 */
export function constantTimeEqual(a, b) {
    if (a.length !== b.length)
        return false;
    let diff = 0;
    for (let i = 0; i < a.length; i++)
        diff |= a[i] ^ b[i];
    return diff === 0;
}
/**
 * Compares two strings in time that depends only on the longer one's length, so a guess at an
 * API key learns nothing from how fast it is refused. (Hono's own compare hashes both sides with
 * WebCrypto first, which on Node costs two thread-pool round trips per request.)
 */
export function constantTimeEqualText(a, b) {
    const length = Math.max(a.length, b.length);
    let diff = a.length ^ b.length;
    for (let i = 0; i < length; i++)
        diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
    return diff === 0;
}
