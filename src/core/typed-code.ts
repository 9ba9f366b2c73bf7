/**
 * Typed codes: the second way into a slot. 40 random bits as 8 characters of Crockford base32
 * (no I, L, O or U, so nothing reads as another character), shown `ABCD-EFGH`.
 *
 * Hand-written, not a package: the npm ones work on Node Buffers (the core runs on workerd too),
 * and a fixed 40-bit value is exactly 8 five-bit groups, a dozen lines.
 */
import type { LinkCrypto } from './link-crypto.ts'
import { TYPED_CODE_BYTES, TYPED_CODE_CHARS, TYPED_CODE_HASH_BYTES } from './limits.ts'

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
/** Crockford's decoding also reads the letters people confuse with digits as those digits. */
const ALIASES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' }
/** Domain separation for the slot's hash of a typed code. */
const TYPED_CODE_LABEL = new TextEncoder().encode('slotlink:typed-code:v1:')

/** A fresh code in canonical form (8 characters, no hyphen) from 5 random bytes. */
export function typedCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== TYPED_CODE_BYTES) throw new RangeError(`a typed code takes ${TYPED_CODE_BYTES} bytes`)
  // 40 bits fit a double exactly; take them 5 at a time from the top.
  let value = 0
  for (const byte of bytes) value = value * 256 + byte
  let code = ''
  for (let i = TYPED_CODE_CHARS - 1; i >= 0; i--) code += ALPHABET[Math.floor(value / 2 ** (5 * i)) % 32]
  return code
}

/** How a code is shown to a person: `ABCD-EFGH`. */
export function formatTypedCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`
}

/**
 * What a person typed, in canonical form: case-insensitive, spaces and hyphens ignored, O/I/L read
 * as 0/1/1. Undefined for anything that cannot be a code (a wrong length, a character outside the
 * alphabet), so the caller can refuse it without spending one of the slot's attempts.
 */
export function normalizeTypedCode(input: unknown): string | undefined {
  if (typeof input !== 'string' || input.length > 64) return undefined
  let code = ''
  for (const raw of input.toUpperCase()) {
    if (raw === ' ' || raw === '-' || raw === '\t') continue
    const char = ALIASES[raw] ?? raw
    if (!ALPHABET.includes(char)) return undefined
    code += char
  }
  return code.length === TYPED_CODE_CHARS ? code : undefined
}

/**
 * What the slot keeps of a typed code: SHA-256 over a label, the ticket's secret, then the code,
 * truncated. Why keyed, and keyed by the ticket's secret: 40 bits can be searched in minutes, so
 * a plain hash in a snapshot or a memory dump would give the code away. A key derived from the
 * keyring would not help against whoever has both the keyring and a snapshot, who could then also
 * sign a ticket; the ticket's 128-bit secret is held only by the client that asked (it is in no
 * slot, snapshot or log), so the hash is useless without that ticket. Prefix-keyed SHA-256 is a
 * sound PRF here: the input has a fixed length, and only equality is ever checked.
 */
export async function hashTypedCode(linkCrypto: Pick<LinkCrypto, 'sha256'>, ticketSecret: Uint8Array, code: string): Promise<Uint8Array> {
  const codeBytes = new TextEncoder().encode(code)
  const input = new Uint8Array(TYPED_CODE_LABEL.length + ticketSecret.length + codeBytes.length)
  input.set(TYPED_CODE_LABEL, 0)
  input.set(ticketSecret, TYPED_CODE_LABEL.length)
  input.set(codeBytes, TYPED_CODE_LABEL.length + ticketSecret.length)
  try {
    return (await linkCrypto.sha256(input)).slice(0, TYPED_CODE_HASH_BYTES)
  } finally {
    input.fill(0)
  }
}
