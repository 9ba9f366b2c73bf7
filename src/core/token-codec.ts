import { decodedLength, decodeBase64UrlStrictInto, encodeBase64UrlNoPad } from './base64url.ts'
import { ByteSlab } from './byte-slab.ts'
import { constantTimeEqual } from './constant-time.ts'
import type { Keyring } from './keyring.ts'
import type { LinkCrypto } from './link-crypto.ts'
import { CODE_BYTES, MAX_HANDLE_BYTES, MAX_TOKEN_LENGTH, PURPOSE_RE, TAG_BYTES } from './limits.ts'

/**
 * Link token, version 1. All fields are bound by one HMAC-SHA256 tag over everything before it:
 *
 *   version(1) | kidLen(1) kid | purposeLen(1) purpose | expiresAt(u32 BE, unix s)
 *   | handleLen(1) handle | code(16) | tag(32)
 *
 * The purpose and expiry are in the token, under the tag, so a forged, stale or misdirected
 * link is refused by arithmetic alone: no slot (no state, no worker, no Durable Object) is asked.
 * The subject and data are not: they live in the slot, so a leaked link reveals nothing about whom
 * it is for.
 */
export const TOKEN_VERSION = 1
/**
 * A ticket (the browser's half of a typed code) has the same layout under another first byte, in
 * place of a code a secret of its own (TICKET_SECRET_BYTES, which keys the typed-code hash). The
 * byte is under the tag and each verifier accepts only its own, so a ticket is never a token nor
 * the reverse, even though both are signed with the same keys.
 */
export const TICKET_VERSION = 0x81

/** What a verified token says. */
export interface LinkClaims {
  readonly keyId: string
  readonly purpose: string
  /** Unix seconds. */
  readonly expiresAt: number
  /** The serialized slot handle: which slot holds this link. Opaque to the codec. */
  readonly handle: Uint8Array
  /** The secret the slot checks (by hash). Never logged, never stored. */
  readonly code: Uint8Array
}

/** What a verified ticket says: like a token, but its secret keys the typed code's hash and unlocks nothing alone. */
export interface TicketClaims {
  readonly keyId: string
  readonly purpose: string
  readonly expiresAt: number
  readonly handle: Uint8Array
  readonly secret: Uint8Array
}

export type VerifyResult<Claims = LinkClaims> =
  | { readonly ok: true; readonly claims: Claims }
  | { readonly ok: false; readonly reason: 'invalid' }
  /** The tag was good, so the purpose can be trusted: a page can offer a new link of that kind. */
  /** `expiresAt` (seconds since the epoch) is signed too: the expired page can say when. */
  | { readonly ok: false; readonly reason: 'expired'; readonly purpose: string; readonly expiresAt: number }

const INVALID = { ok: false, reason: 'invalid' } as const
const ascii = new TextEncoder()
/** Where tokens are built and read: their bytes never leave the codec's functions (claims are copies). */
const scratch = new ByteSlab()

/** Serializes and signs claims with the keyring's signing key. */
export function signToken(keyring: Keyring, claims: Omit<LinkClaims, 'keyId'>): Promise<string> {
  return sign(TOKEN_VERSION, keyring, claims.purpose, claims.expiresAt, claims.handle, claims.code)
}

/** Signs a ticket for a link's typed code (the secret is the ticket's own, see TICKET_VERSION). */
export function signTicket(keyring: Keyring, claims: Omit<TicketClaims, 'keyId'>): Promise<string> {
  return sign(TICKET_VERSION, keyring, claims.purpose, claims.expiresAt, claims.handle, claims.secret)
}

/** Verifies a token; a ticket is `invalid` here. */
export function verifyToken(keyring: Keyring, token: string, nowMs: number): Promise<VerifyResult> {
  return verify(TOKEN_VERSION, keyring, token, nowMs) as Promise<VerifyResult>
}

/** Verifies a ticket, by the same rules as a token; a token is `invalid` here. */
export function verifyTicket(keyring: Keyring, ticket: string, nowMs: number): Promise<VerifyResult<TicketClaims>> {
  return verify(TICKET_VERSION, keyring, ticket, nowMs) as Promise<VerifyResult<TicketClaims>>
}

async function sign(version: number, keyring: Keyring, purposeText: string, expiresAt: number, handle: Uint8Array, code: Uint8Array): Promise<string> {
  const claims = { purpose: purposeText, expiresAt }
  const { id, key } = keyring.signing
  const kid = ascii.encode(id)
  const purpose = ascii.encode(claims.purpose)
  if (!PURPOSE_RE.test(claims.purpose)) throw new RangeError('purpose must match ' + PURPOSE_RE)
  if (handle.length < 1 || handle.length > MAX_HANDLE_BYTES) throw new RangeError('handle length out of range')
  if (code.length !== CODE_BYTES) throw new RangeError(`code must be ${CODE_BYTES} bytes`)
  if (!Number.isInteger(claims.expiresAt) || claims.expiresAt < 0 || claims.expiresAt > 0xffffffff) {
    throw new RangeError('expiresAt must be unix seconds')
  }

  const bodyLength = 1 + 1 + kid.length + 1 + purpose.length + 4 + 1 + handle.length + CODE_BYTES
  const bytes = scratch.take(bodyLength + TAG_BYTES)
  try {
    let at = 0
    bytes[at++] = version
    bytes[at++] = kid.length
    bytes.set(kid, at)
    at += kid.length
    bytes[at++] = purpose.length
    bytes.set(purpose, at)
    at += purpose.length
    bytes[at++] = claims.expiresAt >>> 24
    bytes[at++] = claims.expiresAt >>> 16
    bytes[at++] = claims.expiresAt >>> 8
    bytes[at++] = claims.expiresAt
    bytes[at++] = handle.length
    bytes.set(handle, at)
    at += handle.length
    bytes.set(code, at)

    const tag = await keyring.crypto.hmacSha256(key, bytes.subarray(0, bodyLength))
    bytes.set(tag, bodyLength)
    return encodeBase64UrlNoPad(bytes)
  } finally {
    // The slab outlives this call: leave no link in it for a memory dump to find.
    bytes.fill(0)
  }
}

/**
 * Verifies a token: parse, find the key by id, compare tags in constant time, then check expiry.
 * Never throws on input: any malformed string is `invalid`. `expired` is only ever said of a
 * token whose tag is good, so it leaks nothing about forgeries.
 *
 * Until the tag checks out the token is only read, never copied: a forgery (the one request an
 * attacker can send at will) costs a decode, a key lookup by the id's bytes and one HMAC, and no
 * strings or claims are built for it.
 *
 * @param nowMs the current time in milliseconds (injected so tests can be exact)
 */
/** Verifies either kind; the secret is named `code` in a token's claims and `secret` in a ticket's. */
async function verify(version: number, keyring: Keyring, token: string, nowMs: number): Promise<VerifyResult<LinkClaims | TicketClaims>> {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return INVALID
  const length = decodedLength(token.length)
  if (length < 0) return INVALID
  const bytes = scratch.take(length)
  try {
    if (!decodeBase64UrlStrictInto(token, bytes)) return INVALID
    const layout = readLayout(bytes, version)
    if (!layout) return INVALID
    const key = keyring.findByEncodedId(bytes, layout.kidAt, layout.kidLength)
    if (!key) return INVALID
    const checked = tagMatches(keyring.crypto, key.key, bytes.subarray(0, layout.bodyLength), bytes.subarray(layout.bodyLength))
    // Node's crypto answers at once; awaiting only a real promise saves a turn of the microtask queue.
    if (!(typeof checked === 'boolean' ? checked : await checked)) return INVALID

    const purpose = byteString(bytes, layout.purposeAt, layout.purposeLength)
    // The tag vouches for every field; this is defence in depth against a signer that skipped the rule.
    if (!PURPOSE_RE.test(purpose)) return INVALID
    if (nowMs >= layout.expiresAt * 1000) return { ok: false, reason: 'expired', purpose, expiresAt: layout.expiresAt }
    const { handleAt, codeAt, bodyLength } = layout
    // Copies, so that claims do not pin the decoded buffer or alias each other.
    const handle = bytes.slice(handleAt, codeAt)
    const secret = bytes.slice(codeAt, bodyLength)
    const claims = version === TOKEN_VERSION ? { keyId: key.id, purpose, expiresAt: layout.expiresAt, handle, code: secret } : { keyId: key.id, purpose, expiresAt: layout.expiresAt, handle, secret }
    return { ok: true, claims }
  } finally {
    // The slab outlives this call: leave no token in it for a memory dump to find (claims are copies).
    bytes.fill(0)
  }
}

/** The provider's own tag check where it has one, else its HMAC compared in constant time. */
function tagMatches(linkCrypto: LinkCrypto, key: unknown, body: Uint8Array, tag: Uint8Array): boolean | Promise<boolean> {
  if (linkCrypto.verifyHmacSha256) return linkCrypto.verifyHmacSha256(key, body, tag)
  const expected = linkCrypto.hmacSha256(key, body)
  return expected instanceof Uint8Array ? constantTimeEqual(expected, tag) : expected.then((bytes) => constantTimeEqual(bytes, tag))
}

/** Where each field lies in a decoded token; the body is everything before the tag. */
interface TokenLayout {
  readonly kidAt: number
  readonly kidLength: number
  readonly purposeAt: number
  readonly purposeLength: number
  readonly expiresAt: number
  readonly handleAt: number
  readonly codeAt: number
  readonly bodyLength: number
}

/**
 * Reads the fields' positions. Bounds are checked before each read; any token that does not
 * parse exactly (short, long, bad lengths) is `undefined`.
 */
function readLayout(bytes: Uint8Array, version: number): TokenLayout | undefined {
  const length = bytes.length
  let at = 0
  if (length < 2 || bytes[at++] !== version) return undefined
  const kidLength = bytes[at++]!
  const kidAt = at
  at += kidLength
  if (at + 1 > length) return undefined
  const purposeLength = bytes[at++]!
  const purposeAt = at
  at += purposeLength
  if (at + 5 > length) return undefined
  const expiresAt = ((bytes[at]! << 24) >>> 0) + ((bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!)
  at += 4
  const handleLength = bytes[at++]!
  if (handleLength < 1 || handleLength > MAX_HANDLE_BYTES) return undefined
  const handleAt = at
  const codeAt = handleAt + handleLength
  const bodyLength = codeAt + CODE_BYTES
  if (length - bodyLength !== TAG_BYTES) return undefined
  return { kidAt, kidLength, purposeAt, purposeLength, expiresAt, handleAt, codeAt, bodyLength }
}

/**
 * Bytes as a string of the same char codes (Latin-1). A TextDecoder call cost more than the rest
 * of the parse on these few bytes; the callers' patterns then decide what is allowed.
 */
function byteString(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode.apply(null, bytes.subarray(at, at + length) as unknown as number[])
}
