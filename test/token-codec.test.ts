import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodedLength, decodeBase64UrlStrict, decodeBase64UrlStrictInto, encodeBase64UrlNoPad } from '../src/core/base64url.ts'
import { Keyring, parseKeySpec } from '../src/core/keyring.ts'
import { webLinkCrypto, type LinkCrypto } from '../src/core/link-crypto.ts'
import type { HmacSha256 } from '../src/node/sha256.ts'
import { nodeLinkCrypto } from '../src/node/node-link-crypto.ts'
import { CODE_BYTES, MAX_TOKEN_LENGTH, TICKET_SECRET_BYTES } from '../src/core/limits.ts'
import { signTicket, signToken, verifyTicket, verifyToken } from '../src/core/token-codec.ts'

const secret = (fill: number) => new Uint8Array(32).fill(fill)
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0)
const claims = {
  purpose: 'reset_password',
  expiresAt: NOW / 1000 + 900,
  handle: Uint8Array.from({ length: 16 }, (_, i) => i * 7),
  code: Uint8Array.from({ length: CODE_BYTES }, (_, i) => 255 - i),
}
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

describe('token codec', () => {
  it('round-trips every claim', async () => {
    const keyring = await Keyring.fromSecrets([{ id: 'k1', secret: secret(1) }])
    const token = await signToken(keyring, claims)
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(token.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH)
    const verified = await verifyToken(keyring, token, NOW)
    expect(verified).toEqual({ ok: true, claims: { keyId: 'k1', ...claims } })
  })

  it('fits the longest key id, purpose and handle in 256 characters', async () => {
    const keyring = await Keyring.fromSecrets([{ id: 'k'.repeat(16), secret: secret(1) }])
    const token = await signToken(keyring, { ...claims, purpose: 'p'.repeat(32), handle: new Uint8Array(64) })
    expect(token.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH)
    expect((await verifyToken(keyring, token, NOW)).ok).toBe(true)
  })

  // WebCrypto's provider leaves the tag compare to the codec; the Node provider checks tags itself.
  const providers = [['WebCrypto', webLinkCrypto], ['Node', nodeLinkCrypto]] as [string, LinkCrypto][]

  it.each(providers)('rejects every single-character change, truncation and extension (%s)', async (_, provider) => {
    const keyring = await Keyring.fromSecrets([{ id: 'k1', secret: secret(1) }], provider)
    const token = await signToken(keyring, claims)
    const variants: string[] = []
    for (let i = 0; i < token.length; i++) {
      for (const c of ALPHABET) if (c !== token[i]) variants.push(token.slice(0, i) + c + token.slice(i + 1))
      variants.push(token.slice(0, i)) // truncations, including the empty string
    }
    for (const c of ALPHABET) variants.push(token + c)
    variants.push(token + token, token + '=', ' ' + token)
    for (const variant of variants) {
      expect(await verifyToken(keyring, variant, NOW), variant).toEqual({ ok: false, reason: 'invalid' })
    }
  })

  it.each(providers)('rejects every single-byte change of the decoded token (%s)', async (_, provider) => {
    const keyring = await Keyring.fromSecrets([{ id: 'k1', secret: secret(1) }], provider)
    const bytes = decodeBase64UrlStrict(await signToken(keyring, claims))!
    for (let i = 0; i < bytes.length; i++) {
      for (const flip of [0x01, 0x80, 0xff]) {
        const changed = bytes.slice()
        changed[i]! ^= flip
        expect(await verifyToken(keyring, encodeBase64UrlNoPad(changed), NOW)).toEqual({ ok: false, reason: 'invalid' })
      }
    }
  })

  it('says expired only once the signed expiry has passed, and keeps the purpose for the page', async () => {
    const keyring = await Keyring.fromSecrets([{ id: 'k1', secret: secret(1) }])
    const token = await signToken(keyring, claims)
    expect((await verifyToken(keyring, token, claims.expiresAt * 1000 - 1)).ok).toBe(true)
    expect(await verifyToken(keyring, token, claims.expiresAt * 1000)).toEqual({ ok: false, reason: 'expired', purpose: 'reset_password', expiresAt: claims.expiresAt })
  })

  it('refuses a token signed with an unknown key id, or the right id with another secret', async () => {
    const signer = await Keyring.fromSecrets([{ id: 'k1', secret: secret(1) }])
    const token = await signToken(signer, claims)
    const otherId = await Keyring.fromSecrets([{ id: 'k2', secret: secret(1) }])
    const otherSecret = await Keyring.fromSecrets([{ id: 'k1', secret: secret(2) }])
    expect(await verifyToken(otherId, token, NOW)).toEqual({ ok: false, reason: 'invalid' })
    expect(await verifyToken(otherSecret, token, NOW)).toEqual({ ok: false, reason: 'invalid' })
  })

  it('refuses to build a keyring whose key ids tokens could not carry', () => {
    // Ids travel as ASCII bytes; a non-ASCII id would have two spellings in a token.
    for (const id of ['é', '', 'k'.repeat(17), 'a b']) expect(() => new Keyring([{ id, key: {} }]), id).toThrow(RangeError)
  })

  it('rotates: the first key signs, every key verifies', async () => {
    const old = await Keyring.fromSecrets([{ id: 'old', secret: secret(1) }])
    const rotated = await Keyring.fromSecrets([
      { id: 'new', secret: secret(2) },
      { id: 'old', secret: secret(1) },
    ])
    const oldToken = await signToken(old, claims)
    const newToken = await signToken(rotated, claims)
    expect(await verifyToken(rotated, oldToken, NOW)).toMatchObject({ ok: true, claims: { keyId: 'old' } })
    expect(await verifyToken(rotated, newToken, NOW)).toMatchObject({ ok: true, claims: { keyId: 'new' } })
    expect(await verifyToken(old, newToken, NOW)).toEqual({ ok: false, reason: 'invalid' })
  })

  it('keeps concurrent verifications apart while an asynchronous HMAC (WebCrypto) is in flight', async () => {
    // Tokens are decoded into views of a shared slab; each must stay its own across the awaits.
    const keyring = await Keyring.fromSecrets([{ id: 'k1', secret: secret(1) }], webLinkCrypto)
    const handles = Array.from({ length: 300 }, (_, i) => Uint8Array.from({ length: 1 + (i % 64) }, (_, j) => (i * 7 + j) & 0xff))
    const tokens = await Promise.all(handles.map((handle) => signToken(keyring, { ...claims, handle })))
    const forged = tokens.map((t) => t.slice(0, -10) + (t.at(-10) === 'A' ? 'B' : 'A') + t.slice(-9))
    const results = await Promise.all(tokens.flatMap((t, i) => [verifyToken(keyring, t, NOW), verifyToken(keyring, forged[i]!, NOW)]))
    handles.forEach((handle, i) => {
      expect(results[2 * i]).toEqual({ ok: true, claims: { keyId: 'k1', ...claims, handle } })
      expect(results[2 * i + 1]).toEqual({ ok: false, reason: 'invalid' })
    })
  })

  // The codec works in views of a slab that outlives each call; a memory dump must not find links there.
  // Each probe records the bodies the provider was given, so the test can look at the slab behind them.
  type Probe = (seen: Uint8Array[]) => LinkCrypto<HmacSha256>
  const sign = (seen: Uint8Array[]) => (key: HmacSha256, data: Uint8Array) => (seen.push(data), nodeLinkCrypto.hmacSha256(key, data))
  const probes: [string, Probe][] = [
    ['its own synchronous tag check', (seen) => ({ ...nodeLinkCrypto, hmacSha256: sign(seen), verifyHmacSha256: (key, data, tag) => (seen.push(data), key.verify(data, tag)) })],
    ['an asynchronous HMAC that the codec compares', (seen) => ({ ...nodeLinkCrypto, verifyHmacSha256: undefined, hmacSha256: async (key, data) => sign(seen)(key, data) })],
  ]
  const wholeTokens = (seen: Uint8Array[]) => seen.map((body) => new Uint8Array(body.buffer, body.byteOffset, body.length + 32))

  it.each(probes)('leaves nothing of a token in its scratch memory once signing or verifying returns, with a provider of %s', async (_, probe) => {
    const seen: Uint8Array[] = []
    const keyring = await Keyring.fromSecrets([{ id: 'k1', secret: secret(1) }], probe(seen))
    const token = await signToken(keyring, claims)
    const forged = token.slice(0, -10) + (token.at(-10) === 'A' ? 'B' : 'A') + token.slice(-9)
    expect((await verifyToken(keyring, token, NOW)).ok).toBe(true)
    expect(await verifyToken(keyring, forged, NOW)).toEqual({ ok: false, reason: 'invalid' })
    expect(seen).toHaveLength(3)
    // The body the HMAC saw, and the tag after it: the whole token as it sat in the slab.
    for (const whole of wholeTokens(seen)) expect(whole.every((b) => b === 0)).toBe(true)
  })

  it('passes on a failing tag check as an error, and still leaves the token zeroed', async () => {
    const seen: Uint8Array[] = []
    const failing: LinkCrypto<HmacSha256> = { ...nodeLinkCrypto, verifyHmacSha256: async (_key, data) => (seen.push(data), Promise.reject(new Error('provider down'))) }
    const keyring = await Keyring.fromSecrets([{ id: 'k1', secret: secret(1) }], failing)
    await expect(verifyToken(keyring, await signToken(keyring, claims), NOW)).rejects.toThrow('provider down')
    expect(seen).toHaveLength(1)
    for (const whole of wholeTokens(seen)) expect(whole.every((b) => b === 0)).toBe(true)
  })

  it('never throws and always says invalid for arbitrary strings', async () => {
    const keyring = await Keyring.fromSecrets([{ id: 'k1', secret: secret(1) }])
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[A-Za-z0-9_-]{0,300}$/)), async (text) => {
        expect(await verifyToken(keyring, text, NOW)).toEqual({ ok: false, reason: 'invalid' })
      }),
      { numRuns: 500, seed: 20261123 },
    )
  })

  it('never throws and always says invalid for arbitrary bytes, even ones shaped like a token', async () => {
    const keyring = await Keyring.fromSecrets([{ id: 'k1', secret: secret(1) }])
    const shaped = fc
      .record({ purpose: fc.stringMatching(/^[a-z][a-z0-9_]{0,31}$/), handle: fc.uint8Array({ minLength: 0, maxLength: 80 }), tail: fc.uint8Array({ maxLength: 64 }), kid: fc.constantFrom('k1', 'k2', '') })
      .map(({ purpose, handle, tail, kid }) => {
        const enc = new TextEncoder()
        return Uint8Array.from([1, kid.length, ...enc.encode(kid), purpose.length, ...enc.encode(purpose), 0x7f, 0, 0, 0, handle.length, ...handle, ...tail])
      })
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 200 }), shaped), async (bytes) => {
        expect(await verifyToken(keyring, encodeBase64UrlNoPad(bytes), NOW)).toEqual({ ok: false, reason: 'invalid' })
      }),
      { numRuns: 500, seed: 20261123 },
    )
  })
})

const ticketClaims = {
  purpose: 'sign_in',
  expiresAt: NOW / 1000 + 600,
  handle: Uint8Array.from({ length: 32 }, (_, i) => i * 5),
  secret: Uint8Array.from({ length: TICKET_SECRET_BYTES }, (_, i) => 200 - i),
}
const ticketKeyring = () => Keyring.fromSecrets([{ id: 'k1', secret: new Uint8Array(32).fill(3) }])

describe('tickets', () => {
  it('round-trip every claim, within 256 characters', async () => {
    const ring = await ticketKeyring()
    const ticket = await signTicket(ring, ticketClaims)
    expect(ticket.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH)
    expect(await verifyTicket(ring, ticket, NOW)).toEqual({ ok: true, claims: { keyId: 'k1', ...ticketClaims } })
    expect(await verifyTicket(ring, ticket, ticketClaims.expiresAt * 1000)).toEqual({ ok: false, reason: 'expired', purpose: 'sign_in', expiresAt: ticketClaims.expiresAt })
  })

  it('are never tokens, and tokens are never tickets, though both are signed with the same key', async () => {
    const ring = await ticketKeyring()
    const ticket = await signTicket(ring, ticketClaims)
    const token = await signToken(ring, { ...ticketClaims, code: ticketClaims.secret })
    expect(await verifyToken(ring, ticket, NOW)).toEqual({ ok: false, reason: 'invalid' })
    expect(await verifyTicket(ring, token, NOW)).toEqual({ ok: false, reason: 'invalid' })
    // Not even the same bytes with the kind byte swapped: the kind is under the tag.
    const swapped = decodeBase64UrlStrict(ticket)!
    swapped[0] = decodeBase64UrlStrict(token)![0]!
    expect(await verifyToken(ring, encodeBase64UrlNoPad(swapped), NOW)).toEqual({ ok: false, reason: 'invalid' })
  })

  it('refuse every single-character change, truncation and extension', async () => {
    const ring = await ticketKeyring()
    const ticket = await signTicket(ring, ticketClaims)
    const variants: string[] = []
    for (let i = 0; i < ticket.length; i++) {
      for (const c of ALPHABET) if (c !== ticket[i]) variants.push(ticket.slice(0, i) + c + ticket.slice(i + 1))
      variants.push(ticket.slice(0, i))
    }
    for (const c of ALPHABET) variants.push(ticket + c)
    for (const variant of variants) expect(await verifyTicket(ring, variant, NOW), variant).toEqual({ ok: false, reason: 'invalid' })
  })

  it('never throw and say invalid for arbitrary strings', async () => {
    const ring = await ticketKeyring()
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (text) => {
        expect(await verifyTicket(ring, text, NOW)).toEqual({ ok: false, reason: 'invalid' })
      }),
      { numRuns: 300 },
    )
  })
})

describe('base64url', () => {
  it('round-trips bytes and accepts only the canonical unpadded spelling', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = encodeBase64UrlNoPad(bytes)
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/)
        expect(decodeBase64UrlStrict(text)).toEqual(bytes)
        expect(decodeBase64UrlStrict(text + '=')).toBeUndefined()
      }),
      { seed: 20261123 },
    )
    expect(decodeBase64UrlStrict('QR')).toBeUndefined() // stray low bits: 'QQ' is the canonical spelling
    expect(decodeBase64UrlStrict('QQ')).toEqual(Uint8Array.of(0x41))
  })

  it("agrees with Node's Buffer on every string: the same bytes for a canonical spelling, undefined for any other", () => {
    // Buffer forgives padding, stray bits and junk; canonical means it re-encodes to the same text.
    const reference = (text: string) => {
      if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined
      const bytes = Buffer.from(text, 'base64url')
      return bytes.toString('base64url') === text ? new Uint8Array(bytes) : undefined
    }
    const alphabet = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split(''))
    const nearAlphabet = fc.constantFrom('=', '+', '/', ' ', '\n', '.', '\u00e9', '\u{1F600}', '\0', '\u007f')
    const text = fc.array(fc.oneof({ weight: 20, arbitrary: alphabet }, { weight: 1, arbitrary: nearAlphabet }), { maxLength: 60 }).map((cs) => cs.join(''))
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ maxLength: 40 })), (t) => {
        const expected = reference(t)
        expect(decodeBase64UrlStrict(t)).toEqual(expected)
        // Into a caller's memory: the same answer, and not a byte written outside the given view.
        const memory = new Uint8Array(64).fill(0xee)
        const length = decodedLength(t.length)
        expect(length < 0 ? expected === undefined : decodeBase64UrlStrictInto(t, memory.subarray(3, 3 + length)) === (expected !== undefined)).toBe(true)
        if (expected) expect(memory.subarray(3, 3 + length)).toEqual(expected)
        expect(memory.subarray(0, 3).every((b) => b === 0xee) && memory.subarray(3 + Math.max(length, 0)).every((b) => b === 0xee)).toBe(true)
        if (length > 0) expect(decodeBase64UrlStrictInto(t, memory.subarray(0, length - 1))).toBe(false)
      }),
      { numRuns: 5000, seed: 20261124 },
    )
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(encodeBase64UrlNoPad(bytes)).toBe(Buffer.from(bytes).toString('base64url'))
      }),
      { seed: 20261124 },
    )
  })

  it('encodes inputs longer than one string-building chunk, and a short one after a long one, as Buffer does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6000, maxLength: 20000 }), fc.uint8Array({ maxLength: 10 }), (long, short) => {
        expect(encodeBase64UrlNoPad(long)).toBe(Buffer.from(long).toString('base64url'))
        expect(encodeBase64UrlNoPad(short)).toBe(Buffer.from(short).toString('base64url'))
      }),
      { numRuns: 20, seed: 20261202, endOnFailure: true },
    )
  })
})

describe('SLOTLINK_KEYS parsing', () => {
  const b64 = (n: number) => encodeBase64UrlNoPad(new Uint8Array(n).fill(7))
  it('parses kid:secret pairs in order', () => {
    expect(parseKeySpec(`a:${b64(32)}, b:${b64(48)}`).map((k) => [k.id, k.secret.length])).toEqual([
      ['a', 32],
      ['b', 48],
    ])
  })
  it.each([
    ['', /at least one/],
    ['nocolon', /kid:secret/],
    [`bad id!:${b64(32)}`, /key id/],
    [`a:${b64(31)}`, /at least 32 bytes/],
    ['a:not base64url!', /base64url/],
  ])('refuses %j without echoing the secret', (spec, message) => {
    expect(() => parseKeySpec(spec)).toThrow(message)
    try {
      parseKeySpec(spec)
    } catch (error) {
      if (spec.includes(':')) expect((error as Error).message).not.toContain(spec.slice(spec.indexOf(':') + 1))
    }
  })
})
