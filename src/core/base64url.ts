import { decodeBase64Url, encodeBase64Url } from 'hono/utils/encode'

const BASE64URL_RE = /^[A-Za-z0-9_-]*$/

/** Unpadded base64url (RFC 4648 §5), the alphabet link tokens are written in. */
export function encodeBase64UrlNoPad(bytes: Uint8Array): string {
  return encodeBase64Url(bytes as unknown as ArrayBuffer).replace(/=+$/, '')
}

/**
 * Strict unpadded base64url decode: `undefined` for anything but the canonical spelling.
 *
 * Hono's decoder (atob underneath) forgives padding, whitespace and stray low bits, so two
 * strings could decode to the same bytes. A token must have exactly one spelling, or "every
 * changed character is rejected" would not hold for the last character.
 */
export function decodeBase64UrlStrict(text: string): Uint8Array | undefined {
  if (!BASE64URL_RE.test(text) || text.length % 4 === 1) return undefined
  let bytes: Uint8Array
  try {
    bytes = decodeBase64Url(text)
  } catch {
    return undefined
  }
  return encodeBase64UrlNoPad(bytes) === text ? bytes : undefined
}
