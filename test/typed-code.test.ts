import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CODE_BYTES, TICKET_SECRET_BYTES, TYPED_CODE_BYTES } from '../src/core/limits.ts'
import { webLinkCrypto } from '../src/core/link-crypto.ts'
import { formatTypedCode, hashTypedCode, normalizeTypedCode, typedCodeFromBytes } from '../src/core/typed-code.ts'

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

describe('typed codes', () => {
  it('are 8 Crockford characters from 5 bytes, one-to-one, shown ABCD-EFGH', () => {
    expect(typedCodeFromBytes(new Uint8Array(TYPED_CODE_BYTES))).toBe('00000000')
    expect(typedCodeFromBytes(new Uint8Array(TYPED_CODE_BYTES).fill(255))).toBe('ZZZZZZZZ')
    fc.assert(
      fc.property(fc.uint8Array({ minLength: TYPED_CODE_BYTES, maxLength: TYPED_CODE_BYTES }), fc.uint8Array({ minLength: TYPED_CODE_BYTES, maxLength: TYPED_CODE_BYTES }), (a, b) => {
        const code = typedCodeFromBytes(a)
        expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/)
        expect(formatTypedCode(code)).toBe(`${code.slice(0, 4)}-${code.slice(4)}`)
        // 40 bits in, 40 bits out: different bytes never give the same code.
        if (a.some((v, i) => v !== b[i])) expect(typedCodeFromBytes(b)).not.toBe(code)
      }),
    )
  })

  it('read back whatever a person types: any case, spaces and hyphens, O/I/L for 0/1/1', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: TYPED_CODE_BYTES, maxLength: TYPED_CODE_BYTES }),
        fc.array(fc.constantFrom(' ', '-', '', ''), { minLength: 9, maxLength: 9 }),
        fc.boolean(),
        (bytes, separators, lower) => {
          const code = typedCodeFromBytes(bytes)
          let typed = separators[0]!
          for (let i = 0; i < code.length; i++) typed += code[i] + separators[i + 1]!
          expect(normalizeTypedCode(lower ? typed.toLowerCase() : typed)).toBe(code)
        },
      ),
    )
    expect(normalizeTypedCode('oIl0-1234')).toBe('01101234')
  })

  it('refuse anything that cannot be a code, and never throw', () => {
    for (const bad of ['', 'ABCD-EFG', 'ABCDEFGHJ', 'ABCD-EFGU', 'ABCD_EFGH', 'ABCD-EFG!', 'ÀBCD-EFGH', 'A'.repeat(100)]) expect(normalizeTypedCode(bad), bad).toBeUndefined()
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 20 }), fc.anything()), (input) => {
        const code = normalizeTypedCode(input)
        if (code !== undefined) expect(code).toMatch(new RegExp(`^[${CROCKFORD}]{8}$`))
      }),
    )
  })

  it('hash under the ticket secret: another secret or another code gives another hash', async () => {
    const secret = new Uint8Array(TICKET_SECRET_BYTES).fill(1)
    const hash = await hashTypedCode(webLinkCrypto, secret, 'K7QDM2XA')
    expect(hash).toHaveLength(8)
    expect(await hashTypedCode(webLinkCrypto, secret, 'K7QDM2XA')).toEqual(hash)
    expect(await hashTypedCode(webLinkCrypto, new Uint8Array(TICKET_SECRET_BYTES).fill(2), 'K7QDM2XA')).not.toEqual(hash)
    expect(await hashTypedCode(webLinkCrypto, secret, 'K7QDM2XB')).not.toEqual(hash)
    expect(CODE_BYTES).toBe(TICKET_SECRET_BYTES)
  })
})
