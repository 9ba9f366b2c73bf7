import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { constantTimeEqual, constantTimeEqualText } from '../src/core/constant-time.ts'

describe('constant-time comparison', () => {
  it('agrees with plain equality on strings, including prefixes and unequal lengths', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(constantTimeEqualText(a, b)).toBe(a === b)
        expect(constantTimeEqualText(a, a)).toBe(true)
        expect(constantTimeEqualText(a, a + b)).toBe(b === '')
      }),
      { seed: 20261123 },
    )
    expect(constantTimeEqualText('key', 'key\u0000')).toBe(false)
  })

  it('agrees with plain equality on bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(Buffer.from(a).equals(Buffer.from(b)))
        expect(constantTimeEqual(a, a.slice())).toBe(true)
      }),
      { seed: 20261123 },
    )
  })
})
