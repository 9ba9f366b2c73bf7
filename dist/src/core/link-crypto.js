/** WebCrypto: the default, and what workerd uses. */
export const webLinkCrypto = {
    importHmacKey: (secret) => crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
    hmacSha256: async (key, data) => new Uint8Array(await crypto.subtle.sign('HMAC', key, data)),
    // No verifyHmacSha256: subtle.verify would need keys imported for 'verify', and a Keyring may be
    // built from CryptoKeys its caller imported for 'sign' only; sign-and-compare works with any.
    sha256: async (data) => new Uint8Array(await crypto.subtle.digest('SHA-256', data)),
};
