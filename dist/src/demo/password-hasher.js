import { decodeBase64UrlStrict } from "../core/base64url.js";
/** 128 bits: unique per password with overwhelming probability, so no two hashes share work. */
export const PASSWORD_SALT_BYTES = 16;
export const PASSWORD_HASH_BYTES = 32;
/**
 * The salt and hash fields of a stored string, decoded strictly (one spelling each), or
 * `undefined`. Only whole hashes: comparing as many bytes as the stored string happens to hold
 * would let a truncated row (a cut-off column, a careless migration) accept far more passwords.
 */
export function readSaltAndHash(saltText, hashText) {
    const salt = decodeBase64UrlStrict(saltText);
    const hash = decodeBase64UrlStrict(hashText);
    if (!salt || salt.length < PASSWORD_SALT_BYTES || hash?.length !== PASSWORD_HASH_BYTES)
        return undefined;
    return { salt, hash };
}
