/**
 * SHA-256 and HMAC-SHA256 (FIPS 180-4, RFC 2104) in plain JavaScript: synchronous, Web-API-free,
 * and cheap for the short inputs links are made of.
 *
 * Why by hand, when node:crypto and WebCrypto exist: every `createHmac` or `createHash` call
 * builds a fresh OpenSSL 3 context. Timed with hrtime around each call inside the bench's busy
 * server, an HMAC of a link took 9.0 µs through node:crypto and 2.6 µs here: an `HmacSha256`
 * absorbs its key's two pads once, when it is made, so a link costs three compressions and no
 * allocation but its result, and checking a link's tag (`verify`) allocates nothing. WebCrypto is
 * asynchronous, and on Node runs each call on libuv's thread pool. @noble/hashes, the audited
 * pure-JS choice, took 3.7 to 6 µs per HMAC in a tight loop even from a cloned keyed state: its
 * general streaming classes cost more than the hashing.
 *
 * Timing: no branch and no array index depends on the data or the key; only the data's length
 * decides how many blocks are compressed. test/sha256.test.ts holds these functions to the FIPS
 * and RFC 4231 vectors and to node:crypto over random keys and inputs.
 */
export declare const SHA256_BYTES = 32;
/** SHA-256 of `data`. */
export declare function sha256(data: Uint8Array): Uint8Array;
/**
 * An HMAC-SHA256 key, ready to sign: the states after the key's inner and outer pads are
 * computed here, once, and each `sign` starts from them.
 *
 * @example
 * const mac = new HmacSha256(secret)
 * const tag = mac.sign(bytes) // 32 bytes, as crypto.subtle.sign('HMAC', key, bytes)
 */
export declare class HmacSha256 {
    #private;
    constructor(secret: Uint8Array);
    /** HMAC-SHA256 of `data` under this key. */
    sign(data: Uint8Array): Uint8Array;
    /**
     * Whether `tag` is the HMAC-SHA256 of `data` under this key, in time that depends only on the
     * data's length: every byte of the tag is compared whatever the earlier ones were. What a
     * verifier needs, as `crypto.subtle.verify`, without building the expected tag as bytes.
     */
    verify(data: Uint8Array, tag: Uint8Array): boolean;
}
