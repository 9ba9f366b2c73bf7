import { encodeBase64UrlNoPad } from '../../core/base64url.ts'
import { constantTimeEqual } from '../../core/constant-time.ts'
import { PASSWORD_HASH_BYTES, PASSWORD_SALT_BYTES, readSaltAndHash, type PasswordHasher } from '../password-hasher.ts'

/**
 * 100,000: the most iterations the Workers runtime's WebCrypto allows for PBKDF2 (it refuses more),
 * and what OWASP's cheat sheet asks of PBKDF2-HMAC-SHA256 divided by six; the best the edge can do
 * without WebAssembly scrypt or Argon2. Recorded in every hash, so it can rise when the limit does.
 */
export const PBKDF2_ITERATIONS = 100_000
const STORED_SHAPE = /^pbkdf2-sha256\$(\d{1,7})\$([A-Za-z0-9_-]{16,128})\$([A-Za-z0-9_-]{16,128})$/

/**
 * The edge's password hasher: PBKDF2-HMAC-SHA256 through WebCrypto. Stored as
 * `pbkdf2-sha256$100000$<salt>$<hash>` (base64url), beside Node's `scrypt$…` in the same column.
 *
 * @example
 * const passwords = new Pbkdf2PasswordHasher()
 * const stored = await passwords.hash('correct horse battery staple')
 * await passwords.verify('correct horse battery staple', stored) // true
 */
export class Pbkdf2PasswordHasher implements PasswordHasher {
  readonly #iterations: number

  /** Fewer iterations are for tests only; they are still recorded in each hash. */
  constructor(iterations: number = PBKDF2_ITERATIONS) {
    if (!withinLimits(iterations)) throw new RangeError(`iterations must be a whole number from 1 to ${PBKDF2_ITERATIONS}`)
    this.#iterations = iterations
  }

  async hash(password: string): Promise<string> {
    const salt = crypto.getRandomValues(new Uint8Array(PASSWORD_SALT_BYTES))
    const key = await derive(password, salt, this.#iterations, PASSWORD_HASH_BYTES)
    return `pbkdf2-sha256$${this.#iterations}$${encodeBase64UrlNoPad(salt)}$${encodeBase64UrlNoPad(key)}`
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const match = STORED_SHAPE.exec(stored)
    if (!match) return false
    const iterations = Number(match[1])
    const fields = readSaltAndHash(match[2]!, match[3]!)
    // The cap also keeps a tampered row from making one sign-in arbitrarily slow.
    if (!withinLimits(iterations) || !fields) return false
    return constantTimeEqual(await derive(password, fields.salt, iterations, PASSWORD_HASH_BYTES), fields.hash)
  }
}

function withinLimits(iterations: number): boolean {
  return Number.isInteger(iterations) && iterations >= 1 && iterations <= PBKDF2_ITERATIONS
}

async function derive(password: string, salt: Uint8Array, iterations: number, length: number): Promise<Uint8Array> {
  // NFC, as the scrypt hasher does: the same password typed on two keyboards is the same password.
  const secret = new TextEncoder().encode(password.normalize('NFC'))
  const key = await crypto.subtle.importKey('raw', secret, 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations }, key, length * 8)
  return new Uint8Array(bits)
}
