import { pbkdf2Sync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { PBKDF2_ITERATIONS, Pbkdf2PasswordHasher } from '../src/demo/edge/pbkdf2-password-hasher.ts'

// WebCrypto only, so Node runs the same code workerd does; edge-demo.test.ts checks it on workerd.
const passwords = new Pbkdf2PasswordHasher()
const PASSWORD = 'correct horse battery staple'

describe('Pbkdf2PasswordHasher', () => {
  it('writes pbkdf2-sha256$100000$<salt>$<hash>, which node:crypto.pbkdf2 reproduces (oracle)', async () => {
    const stored = await passwords.hash(PASSWORD)
    const match = /^pbkdf2-sha256\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(stored)
    expect(match).not.toBeNull()
    expect(Number(match![1])).toBe(PBKDF2_ITERATIONS)
    expect(PBKDF2_ITERATIONS).toBe(100_000)
    const salt = Buffer.from(match![2]!, 'base64url')
    expect(salt).toHaveLength(16)
    const oracle = pbkdf2Sync(PASSWORD, salt, 100_000, 32, 'sha256').toString('base64url')
    expect(match![3]).toBe(oracle)
  })

  it('verifies the right password, refuses a wrong one, and salts every hash afresh', async () => {
    const a = await passwords.hash(PASSWORD)
    const b = await passwords.hash(PASSWORD)
    expect(a).not.toBe(b)
    expect(await passwords.verify(PASSWORD, a)).toBe(true)
    expect(await passwords.verify(PASSWORD + ' ', a)).toBe(false)
    expect(await passwords.verify('', a)).toBe(false)
  })

  it('treats the composed and decomposed spellings of a password as the same (NFC)', async () => {
    const stored = await passwords.hash('Ame\u0301lie passphrase')
    expect(await passwords.verify('Am\u00e9lie passphrase', stored)).toBe(true)
  })

  it('verifies hashes made with fewer iterations, as recorded in the string', async () => {
    const cheap = await new Pbkdf2PasswordHasher(1_000).hash(PASSWORD)
    expect(cheap).toMatch(/^pbkdf2-sha256\$1000\$/)
    expect(await passwords.verify(PASSWORD, cheap)).toBe(true)
  })

  it('answers false, never throws, for strings it cannot or must not run', async () => {
    const stored = await passwords.hash(PASSWORD)
    const [, , salt, hash] = stored.split('$')
    for (const bad of [
      '',
      'scrypt$ln=17,r=8,p=1$abc$def',
      `pbkdf2-sha256$100001$${salt}$${hash}`, // over the runtime's limit: also a slow-verify attack
      `pbkdf2-sha256$0$${salt}$${hash}`,
      `pbkdf2-sha256$100000$${salt}=$${hash}`,
      `pbkdf2-sha256$100000$${salt}$${hash!.slice(0, -1)}`,
      `pbkdf2-sha512$100000$${salt}$${hash}`,
    ]) {
      expect(await passwords.verify(PASSWORD, bad), bad).toBe(false)
    }
  })

  it('refuses a truncated hash, even a prefix of the right one spelled canonically', async () => {
    // Comparing only as many bytes as the row holds would let a cut-off column accept 1 password in 2^(8n).
    const stored = await passwords.hash(PASSWORD)
    const [head, iterations, salt, hash] = stored.split('$')
    const key = Buffer.from(hash!, 'base64url')
    for (const bytes of [31, 16]) {
      const prefix = key.subarray(0, bytes).toString('base64url')
      expect(await passwords.verify(PASSWORD, `${head}$${iterations}$${salt}$${prefix}`), `${bytes} bytes`).toBe(false)
    }
    const shortSalt = Buffer.from(salt!, 'base64url').subarray(0, 12).toString('base64url')
    expect(await passwords.verify(PASSWORD, `${head}$${iterations}$${shortSalt}$${hash}`)).toBe(false)
    expect(await passwords.verify(PASSWORD, stored)).toBe(true)
  })

  it('refuses to be built with more iterations than Workers allow', () => {
    expect(() => new Pbkdf2PasswordHasher(100_001)).toThrow(RangeError)
    expect(() => new Pbkdf2PasswordHasher(0)).toThrow(RangeError)
  })
})
