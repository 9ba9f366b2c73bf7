import { createHash, createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HmacSha256, sha256 } from '../src/node/sha256.ts'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')
const text = (s: string) => new TextEncoder().encode(s)
const fromHex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'))

describe('sha256', () => {
  it('gives the FIPS 180-4 example digests, across the one- and two-block padding edge', () => {
    expect(hex(sha256(text('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(hex(sha256(text('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(hex(sha256(text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    )
    expect(hex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0')
  })

  it('agrees with node:crypto on every length around the block boundaries and on random inputs', () => {
    for (let length = 0; length <= 200; length++) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff)
      expect(hex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'))
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1000 }), (data) => {
        expect(hex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'))
      }),
      { numRuns: 2000, seed: 20261124 },
    )
  })

  it('reads only the view it is given, not the rest of its buffer', () => {
    const buffer = new Uint8Array(100).fill(7)
    expect(hex(sha256(buffer.subarray(10, 80)))).toBe(createHash('sha256').update(buffer.subarray(10, 80)).digest('hex'))
  })
})

describe('HmacSha256', () => {
  // RFC 4231 §4: cases 1, 2, 4, 6 and 7 (3 and 5 add nothing: short data, truncated output).
  const cases = [
    ['0b'.repeat(20), hex(text('Hi There')), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
    [hex(text('Jefe')), hex(text('what do ya want for nothing?')), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
    ['0102030405060708090a0b0c0d0e0f10111213141516171819', 'cd'.repeat(50), '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b'],
    ['aa'.repeat(131), hex(text('Test Using Larger Than Block-Size Key - Hash Key First')), '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54'],
    [
      'aa'.repeat(131),
      hex(text('This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.')),
      '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    ],
  ] as const

  it.each(cases)('gives the RFC 4231 tag for key %s', (key, data, tag) => {
    expect(hex(new HmacSha256(fromHex(key)).sign(fromHex(data)))).toBe(tag)
  })

  it('agrees with node:crypto for random keys (shorter, equal to and longer than a block) and data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 300 }), (key, data) => {
        expect(hex(new HmacSha256(key).sign(data))).toBe(createHmac('sha256', key).update(data).digest('hex'))
      }),
      { numRuns: 2000, seed: 20261124 },
    )
  })

  it('verifies a tag only when every byte of it is right, reading only the views it is given', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), fc.uint8Array({ maxLength: 200 }), fc.nat(31), fc.integer({ min: 1, max: 255 }), (key, data, at, flip) => {
        const mac = new HmacSha256(key)
        // The tag as the token codec passes it: a view of a larger buffer, right after the data.
        const buffer = new Uint8Array(data.length + 40).fill(0xee)
        buffer.set(data)
        buffer.set(createHmac('sha256', key).update(data).digest(), data.length)
        const body = buffer.subarray(0, data.length)
        const tag = buffer.subarray(data.length, data.length + 32)
        expect(mac.verify(body, tag)).toBe(true)
        tag[at]! ^= flip
        expect(mac.verify(body, tag)).toBe(false)
        tag[at]! ^= flip
        expect(mac.verify(body, buffer.subarray(data.length, data.length + 31))).toBe(false)
        expect(mac.verify(body, buffer.subarray(data.length, data.length + 33))).toBe(false)
      }),
      { numRuns: 2000, seed: 20261124 },
    )
  })

  it('keeps each key apart and gives a fresh tag array on every call', () => {
    const a = new HmacSha256(new Uint8Array(32).fill(1))
    const b = new HmacSha256(new Uint8Array(32).fill(2))
    const data = text('the same bytes')
    const first = a.sign(data)
    expect(hex(b.sign(data))).not.toBe(hex(first))
    const again = a.sign(data)
    expect(again).not.toBe(first)
    expect(hex(again)).toBe(hex(first))
  })
})
