/**
 * Turns passwords into stored hashes and checks them. Node uses scrypt, the edge PBKDF2; the
 * stored string names its scheme and parameters (`scrypt$ln=17,r=8,p=1$<salt>$<hash>`,
 * `pbkdf2-sha256$100000$<salt>$<hash>`), so the scheme can change without a migration.
 */
export interface PasswordHasher {
    /** A fresh salt every call; the result is safe to store. */
    hash(password: string): Promise<string>;
    /** `false` for a wrong password and for a stored string this hasher cannot read. */
    verify(password: string, stored: string): Promise<boolean>;
}
/** 128 bits: unique per password with overwhelming probability, so no two hashes share work. */
export declare const PASSWORD_SALT_BYTES = 16;
export declare const PASSWORD_HASH_BYTES = 32;
/**
 * The salt and hash fields of a stored string, decoded strictly (one spelling each), or
 * `undefined`. Only whole hashes: comparing as many bytes as the stored string happens to hold
 * would let a truncated row (a cut-off column, a careless migration) accept far more passwords.
 */
export declare function readSaltAndHash(saltText: string, hashText: string): {
    salt: Uint8Array;
    hash: Uint8Array;
} | undefined;
