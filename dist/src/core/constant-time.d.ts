/**
 * Compares two byte strings in time that depends only on their lengths.
 *
 * Written by hand because WebCrypto has no compare and `node:crypto.timingSafeEqual` is not
 * available to the runtime-agnostic core; this is the same loop oslo and jose use.
 */
export declare function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean;
/**
 * Compares two strings in time that depends only on the longer one's length, so a guess at an
 * API key learns nothing from how fast it is refused. (Hono's own compare hashes both sides with
 * WebCrypto first, which on Node costs two thread-pool round trips per request.)
 */
export declare function constantTimeEqualText(a: string, b: string): boolean;
