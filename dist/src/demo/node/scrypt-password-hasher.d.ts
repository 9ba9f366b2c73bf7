import { type PasswordHasher } from '../password-hasher.ts';
/**
 * OWASP's scrypt recommendation (Password Storage Cheat Sheet): N = 2^17, r = 8, p = 1, which
 * needs 128 MiB and a few hundred milliseconds per guess, so a stolen table is slow to attack.
 */
export declare const SCRYPT_DEFAULTS: {
    readonly logN: 17;
    readonly r: 8;
    readonly p: 1;
};
export interface ScryptParameters {
    /** log2 of the cost N. */
    readonly logN: number;
    readonly r: number;
    readonly p: number;
}
/**
 * Node's password hasher: scrypt from node:crypto, which runs on libuv's thread pool, off the
 * event loop. Stored as `scrypt$ln=17,r=8,p=1$<salt>$<hash>` (base64url), so old hashes keep
 * verifying after the parameters change, and the edge can add `pbkdf2-sha256$…` beside them.
 *
 * @example
 * const passwords = new ScryptPasswordHasher()
 * const stored = await passwords.hash('correct horse battery staple')
 * await passwords.verify('correct horse battery staple', stored) // true
 */
export declare class ScryptPasswordHasher implements PasswordHasher {
    #private;
    /** Lower parameters are for tests only; they are still recorded in each hash. */
    constructor(parameters?: ScryptParameters);
    hash(password: string): Promise<string>;
    verify(password: string, stored: string): Promise<boolean>;
}
