import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { PASSWORD_HASH_BYTES, PASSWORD_SALT_BYTES, readSaltAndHash, type PasswordHasher } from '../password-hasher.ts'
import type { ScryptPool } from './scrypt-pool.ts'

/**
 * OWASP's scrypt recommendation (Password Storage Cheat Sheet): N = 2^17, r = 8, p = 1, which
 * needs 128 MiB and a few hundred milliseconds per guess, so a stolen table is slow to attack.
 */
export const SCRYPT_DEFAULTS = { logN: 17, r: 8, p: 1 } as const
/**
 * What verify will run for a stored string: enough headroom to raise the cost later, and a cap so
 * a tampered row cannot make one sign-in take gigabytes.
 */
const MAX_LOG_N = 20
const MAX_R = 32
const MAX_P = 16

const STORED_SHAPE = /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]{16,128})\$([A-Za-z0-9_-]{16,128})$/

export interface ScryptParameters {
  /** log2 of the cost N. */
  readonly logN: number
  readonly r: number
  readonly p: number
}

/**
 * Node's password hasher: scrypt from node:crypto, off the event loop: in a ScryptPool's threads
 * (the server), or on libuv's thread pool. Stored as `scrypt$ln=17,r=8,p=1$<salt>$<hash>` (base64url), so old hashes keep
 * verifying after the parameters change, and the edge can add `pbkdf2-sha256$…` beside them.
 *
 * @example
 * const passwords = new ScryptPasswordHasher()
 * const stored = await passwords.hash('correct horse battery staple')
 * await passwords.verify('correct horse battery staple', stored) // true
 */
export class ScryptPasswordHasher implements PasswordHasher {
  readonly #parameters: ScryptParameters
  readonly #pool: ScryptPool | undefined

  /**
   * Lower parameters are for tests only; they are still recorded in each hash. With a pool, scrypt
   * runs in its threads (the Node server's way); without, on libuv's thread pool.
   */
  constructor(parameters: ScryptParameters = SCRYPT_DEFAULTS, pool?: ScryptPool) {
    if (!withinLimits(parameters)) throw new RangeError('scrypt parameters out of range')
    this.#parameters = parameters
    this.#pool = pool
  }

  async hash(password: string): Promise<string> {
    const { logN, r, p } = this.#parameters
    const salt = randomBytes(PASSWORD_SALT_BYTES)
    const key = Buffer.from(await derive(password, salt, PASSWORD_HASH_BYTES, this.#parameters, this.#pool))
    return `scrypt$ln=${logN},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const match = STORED_SHAPE.exec(stored)
    if (!match) return false
    const parameters = { logN: Number(match[1]), r: Number(match[2]), p: Number(match[3]) }
    if (!withinLimits(parameters)) return false
    // Strictly decoded: Buffer.from(…, 'base64url') skips what it cannot read, so two spellings would verify.
    const fields = readSaltAndHash(match[4]!, match[5]!)
    if (!fields) return false
    const actual = await derive(password, fields.salt, PASSWORD_HASH_BYTES, parameters, this.#pool)
    return timingSafeEqual(actual, fields.hash)
  }
}

function withinLimits({ logN, r, p }: ScryptParameters): boolean {
  const whole = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max
  return whole(logN, MAX_LOG_N) && whole(r, MAX_R) && whole(p, MAX_P)
}

function derive(password: string, salt: Uint8Array, length: number, { logN, r, p }: ScryptParameters, pool: ScryptPool | undefined): Promise<Uint8Array> {
  const N = 2 ** logN
  // Node refuses scrypt above 32 MiB by default; 128·N·r is what this call needs, doubled for slack.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r }
  if (pool) return pool.derive({ password: password.normalize('NFC'), salt, length, options })
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)))
  })
}
