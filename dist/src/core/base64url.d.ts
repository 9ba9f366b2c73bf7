/**
 * Unpadded base64url (RFC 4648 §5), the alphabet link tokens are written in.
 *
 * Written by hand, on purpose. A token must have exactly one spelling, or "every changed character
 * is rejected" would not hold for the last one: the library decoders we have (atob underneath
 * Hono's, Buffer's) forgive padding, whitespace and stray low bits, so two strings could decode to
 * the same bytes. Checking by re-encoding works but cost ~3 µs per token on Node 20, where atob and
 * btoa are plain JavaScript; a lookup table decodes strictly in one pass, on every runtime.
 */
export declare function encodeBase64UrlNoPad(bytes: Uint8Array): string;
/**
 * Strict unpadded base64url decode: `undefined` for anything but the canonical spelling (no
 * padding, no whitespace, no character outside the alphabet, no set bits after the last byte).
 */
export declare function decodeBase64UrlStrict(text: string): Uint8Array | undefined;
/** How many bytes an unpadded base64url string of `textLength` characters holds; -1 if none can be that long. */
export declare function decodedLength(textLength: number): number;
/**
 * decodeBase64UrlStrict into `bytes`, which must be `decodedLength(text.length)` long: for callers
 * that bring their own memory. False, with `bytes` partly written, for any other spelling.
 */
export declare function decodeBase64UrlStrictInto(text: string, bytes: Uint8Array): boolean;
