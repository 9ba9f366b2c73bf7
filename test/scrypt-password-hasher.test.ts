import { scryptSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SCRYPT_DEFAULTS, ScryptPasswordHasher } from '../src/demo/node/scrypt-password-hasher.ts'
import { FAST_SCRYPT } from './support/demo-app.ts'

const fast = new ScryptPasswordHasher(FAST_SCRYPT)

describe('ScryptPasswordHasher', () => {
  it("uses OWASP's parameters by default and says so in the stored string", async () => {
    expect(SCRYPT_DEFAULTS).toEqual({ logN: 17, r: 8, p: 1 })
    const stored = await new ScryptPasswordHasher().hash('correct horse battery staple')
    expect(stored).toMatch(/^scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
    expect(await new ScryptPasswordHasher().verify('correct horse battery staple', stored)).toBe(true)
  })

  it('derives exactly what scrypt (node:crypto, called directly) derives: the oracle', async () => {
    const stored = await fast.hash('pässwörd with umlauts')
    const [, , salt, hash] = stored.split('$') as [string, string, string, string]
    const expected = scryptSync('pässwörd with umlauts', Buffer.from(salt, 'base64url'), 32, { N: 2 ** 12, r: 8, p: 1 })
    expect(Buffer.from(hash, 'base64url').equals(expected)).toBe(true)
  })

  it('salts every hash and rejects wrong passwords', async () => {
    const a = await fast.hash('same password here')
    const b = await fast.hash('same password here')
    expect(a).not.toBe(b)
    expect(await fast.verify('same password here', b)).toBe(true)
    expect(await fast.verify('same password herE', a)).toBe(false)
    expect(await fast.verify('', a)).toBe(false)
  })

  it('treats composed and decomposed spellings of a character as the same password (NFC)', async () => {
    const stored = await fast.hash('caf\u00e9 au lait please')
    expect(await fast.verify('cafe\u0301 au lait please', stored)).toBe(true)
  })

  it('verifies hashes made with other parameters, reading them from the stored string', async () => {
    const older = await new ScryptPasswordHasher({ logN: 10, r: 4, p: 2 }).hash('an older hash')
    expect(older).toMatch(/^scrypt\$ln=10,r=4,p=2\$/)
    expect(await fast.verify('an older hash', older)).toBe(true)
  })

  it('answers false, without running scrypt, for strings it cannot read or that ask too much', async () => {
    const stored = await fast.hash('some password')
    for (const bad of [
      '',
      'plaintext',
      stored.replace('scrypt$', 'pbkdf2-sha256$'),
      stored.replace('ln=12', 'ln=30'), // 2^30 · 1 KiB = a terabyte: refused, not attempted
      stored.replace('r=8', 'r=99'),
      stored.replace(/\$[^$]+$/, '$short'),
    ]) {
      expect(await fast.verify('some password', bad)).toBe(false)
    }
    // One flipped character in the hash fails in constant time rather than throwing.
    const flipped = stored.slice(0, -2) + (stored.at(-2) === 'A' ? 'B' : 'A') + stored.at(-1)
    expect(await fast.verify('some password', flipped)).toBe(false)
  })

  it('refuses a truncated or loosely spelled hash, even a prefix of the right one', async () => {
    // Comparing only as many bytes as the row holds would let a cut-off column accept 1 password in 2^(8n).
    const stored = await fast.hash('some password')
    const [, params, salt, hash] = stored.split('$')
    const key = Buffer.from(hash!, 'base64url')
    for (const bytes of [31, 16]) {
      const prefix = key.subarray(0, bytes).toString('base64url')
      expect(await fast.verify('some password', `scrypt$${params}$${salt}$${prefix}`), `${bytes} bytes`).toBe(false)
    }
    // 43 characters carry 258 bits; Buffer.from ignores the last two, so a second spelling of the
    // same bytes would verify. Only the canonical one (those bits zero) is the stored hash.
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const loose = hash!.slice(0, -1) + ALPHABET[ALPHABET.indexOf(hash!.at(-1)!) | 1]
    expect(Buffer.from(loose, 'base64url').equals(key)).toBe(true)
    expect(await fast.verify('some password', `scrypt$${params}$${salt}$${loose}`)).toBe(false)
    expect(await fast.verify('some password', stored)).toBe(true)
  })
})
