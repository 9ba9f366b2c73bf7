/**
 * A link's public id: what listings, lifecycle events and logs call a link by. It is a hash of the
 * slot's handle under a fixed label, so it names exactly one link but reveals neither the handle
 * nor the code, and holding it unlocks nothing: using a link still takes its signed token (or a
 * ticket and its code). Any side that knows the handle (the link service, a slot worker, a Durable
 * Object) can compute it, so no table of ids is kept anywhere.
 */
import { encodeBase64UrlNoPad } from "./base64url.js";
/** Domain separation: the same handle hashed for another purpose gives an unrelated value. */
export const LINK_ID_LABEL = 'slotlink:link-id:v1:';
/** 128 bits: ids of distinct links never collide in practice; 22 characters of base64url. */
export const LINK_ID_BYTES = 16;
const LABEL_BYTES = new TextEncoder().encode(LINK_ID_LABEL);
/** The bytes that are hashed: the label, then the handle. */
export function linkIdInput(handle) {
    const input = new Uint8Array(LABEL_BYTES.length + handle.length);
    input.set(LABEL_BYTES, 0);
    input.set(handle, LABEL_BYTES.length);
    return input;
}
/** The id from a SHA-256 of `linkIdInput(handle)`, for callers that hash synchronously. */
export function linkIdFromDigest(digest) {
    return encodeBase64UrlNoPad(digest.subarray(0, LINK_ID_BYTES));
}
/**
 * @example
 * const id = await linkId(keyring.crypto, claims.handle) // "q3Vd0x…" (22 characters)
 */
export async function linkId(linkCrypto, handle) {
    return linkIdFromDigest(await linkCrypto.sha256(linkIdInput(handle)));
}
