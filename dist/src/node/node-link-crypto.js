import { HmacSha256, sha256 } from "./sha256.js";
/**
 * Link crypto for Node: synchronous, so a mint or a consume costs no hop through libuv's thread
 * pool (WebCrypto on Node runs each HMAC and digest as a thread-pool job), and in plain JS rather
 * than node:crypto, whose per-call OpenSSL context cost 9 µs per HMAC in the busy server against
 * 2.6 µs (see core/sha256.ts). Same bytes as WebCrypto; test/link-crypto.test.ts holds the two
 * side by side.
 */
export const nodeLinkCrypto = {
    importHmacKey: (secret) => new HmacSha256(secret),
    hmacSha256: (key, data) => key.sign(data),
    verifyHmacSha256: (key, data, tag) => key.verify(data, tag),
    sha256,
};
