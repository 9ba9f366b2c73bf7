import type { LinkCrypto } from './link-crypto.ts';
/** Domain separation: the same handle hashed for another purpose gives an unrelated value. */
export declare const LINK_ID_LABEL = "slotlink:link-id:v1:";
/** 128 bits: ids of distinct links never collide in practice; 22 characters of base64url. */
export declare const LINK_ID_BYTES = 16;
/** The bytes that are hashed: the label, then the handle. */
export declare function linkIdInput(handle: Uint8Array): Uint8Array;
/** The id from a SHA-256 of `linkIdInput(handle)`, for callers that hash synchronously. */
export declare function linkIdFromDigest(digest: Uint8Array): string;
/**
 * @example
 * const id = await linkId(keyring.crypto, claims.handle) // "q3Vd0x…" (22 characters)
 */
export declare function linkId(linkCrypto: Pick<LinkCrypto, 'sha256'>, handle: Uint8Array): Promise<string>;
