/**
 * Unpadded base64url (RFC 4648 §5), the alphabet link tokens are written in.
 *
 * Written by hand, on purpose. A token must have exactly one spelling, or "every changed character
 * is rejected" would not hold for the last one: the library decoders we have (atob underneath
 * Hono's, Buffer's) forgive padding, whitespace and stray low bits, so two strings could decode to
 * the same bytes. Checking by re-encoding works but cost ~3 µs per token on Node 20, where atob and
 * btoa are plain JavaScript; a lookup table decodes strictly in one pass, on every runtime.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** Sextet value by char code; 255 for characters outside the alphabet. */
const SEXTET = new Uint8Array(128).fill(255)
for (let i = 0; i < ALPHABET.length; i++) SEXTET[ALPHABET.charCodeAt(i)] = i

/** The alphabet's char codes, for writing a string's characters into bytes first. */
const CHAR_CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0))
/** Characters turned into a string per call: far below any engine's limit on arguments. */
const CHUNK_CHARS = 8192
/** Where the characters are written before they become one string; sized to the largest so far. */
let chars = new Uint8Array(128)

/**
 * Why the characters go through a byte array: appending four characters per three bytes made a
 * rope of about a hundred strings per link token, ~4 KB of garbage for every mint (V8's sampling
 * heap profiler, mint load), and 0.7–1.0 µs against 0.45 µs this way (a loop over a 70-byte
 * token, three runs). String.fromCharCode builds the one flat string the token is.
 */
export function encodeBase64UrlNoPad(bytes: Uint8Array): string {
  const length = Math.ceil((bytes.length * 4) / 3)
  if (chars.length < length) chars = new Uint8Array(length)
  const out = chars
  let at = 0
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out[at++] = CHAR_CODES[n >> 18]!
    out[at++] = CHAR_CODES[(n >> 12) & 63]!
    out[at++] = CHAR_CODES[(n >> 6) & 63]!
    out[at++] = CHAR_CODES[n & 63]!
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i]! << 16
    out[at++] = CHAR_CODES[n >> 18]!
    out[at++] = CHAR_CODES[(n >> 12) & 63]!
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8)
    out[at++] = CHAR_CODES[n >> 18]!
    out[at++] = CHAR_CODES[(n >> 12) & 63]!
    out[at++] = CHAR_CODES[(n >> 6) & 63]!
  }
  let text = ''
  for (let from = 0; from < at; from += CHUNK_CHARS) {
    text += String.fromCharCode.apply(null, out.subarray(from, Math.min(at, from + CHUNK_CHARS)) as unknown as number[])
  }
  // The characters spell a token or a code: leave none of them behind for a memory dump.
  out.fill(0, 0, at)
  return text
}

/**
 * Strict unpadded base64url decode: `undefined` for anything but the canonical spelling (no
 * padding, no whitespace, no character outside the alphabet, no set bits after the last byte).
 */
export function decodeBase64UrlStrict(text: string): Uint8Array | undefined {
  const length = decodedLength(text.length)
  if (length < 0) return undefined
  const bytes = new Uint8Array(length)
  return decodeBase64UrlStrictInto(text, bytes) ? bytes : undefined
}

/** How many bytes an unpadded base64url string of `textLength` characters holds; -1 if none can be that long. */
export function decodedLength(textLength: number): number {
  const rest = textLength % 4
  return rest === 1 ? -1 : ((textLength - rest) / 4) * 3 + (rest === 0 ? 0 : rest - 1)
}

/**
 * decodeBase64UrlStrict into `bytes`, which must be `decodedLength(text.length)` long: for callers
 * that bring their own memory. False, with `bytes` partly written, for any other spelling.
 */
export function decodeBase64UrlStrictInto(text: string, bytes: Uint8Array): boolean {
  const rest = text.length % 4
  if (bytes.length !== decodedLength(text.length)) return false
  let at = 0
  let i = 0
  for (; i + 4 <= text.length; i += 4) {
    const a = sextet(text, i), b = sextet(text, i + 1), c = sextet(text, i + 2), d = sextet(text, i + 3)
    if ((a | b | c | d) > 63) return false
    bytes[at++] = (a << 2) | (b >> 4)
    bytes[at++] = ((b & 15) << 4) | (c >> 2)
    bytes[at++] = ((c & 3) << 6) | d
  }
  if (rest === 2) {
    const a = sextet(text, i), b = sextet(text, i + 1)
    // The second character's low 4 bits fall after the last byte: canonical only if zero.
    if ((a | b) > 63 || (b & 15) !== 0) return false
    bytes[at] = (a << 2) | (b >> 4)
  } else if (rest === 3) {
    const a = sextet(text, i), b = sextet(text, i + 1), c = sextet(text, i + 2)
    if ((a | b | c) > 63 || (c & 3) !== 0) return false
    bytes[at++] = (a << 2) | (b >> 4)
    bytes[at] = ((b & 15) << 4) | (c >> 2)
  }
  return true
}

/** A character's 6-bit value, or 255 for one outside the alphabet. */
function sextet(text: string, index: number): number {
  const code = text.charCodeAt(index)
  return code < 128 ? SEXTET[code]! : 255
}
