/**
 * Turns passwords into stored hashes and checks them. Node uses scrypt, the edge PBKDF2; the
 * stored string names its scheme and parameters (`scrypt$ln=17,r=8,p=1$<salt>$<hash>`,
 * `pbkdf2-sha256$100000$<salt>$<hash>`), so the scheme can change without a migration.
 */
export interface PasswordHasher {
  /** A fresh salt every call; the result is safe to store. */
  hash(password: string): Promise<string>
  /** `false` for a wrong password and for a stored string this hasher cannot read. */
  verify(password: string, stored: string): Promise<boolean>
}
