/**
 * The two primitives links are made of, behind one small seam (as jose once kept per-runtime
 * files behind one interface): WebCrypto runs everywhere; a runtime with a faster native path
 * (node:crypto, synchronous and with no thread-pool hop) supplies its own.
 */
export interface LinkCrypto<Key = unknown> {
    /** Prepares an HMAC-SHA256 key from raw secret bytes. */
    importHmacKey(secret: Uint8Array): Key | Promise<Key>;
    /**
     * `data` may be a view of a larger, shared buffer (the token codec's slab): read it through its
     * offset and length, do not keep it past the call, and never transfer or detach its buffer.
     */
    hmacSha256(key: Key, data: Uint8Array): Uint8Array | Promise<Uint8Array>;
    /**
     * Optional: whether `tag` is the HMAC-SHA256 of `data`, compared in constant time; `false` (not
     * an error) for a tag of any other length. The same rules for `data` and `tag` as for
     * `hmacSha256`'s data. A provider that can check a tag more cheaply than by building the expected
     * one supplies it; without it, the codec compares `hmacSha256`'s result with `constantTimeEqual`.
     */
    verifyHmacSha256?(key: Key, data: Uint8Array, tag: Uint8Array): boolean | Promise<boolean>;
    sha256(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
}
/** WebCrypto: the default, and what workerd uses. */
export declare const webLinkCrypto: LinkCrypto<CryptoKey>;
