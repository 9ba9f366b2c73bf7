/**
 * Every security-relevant size and bound in one place, each with the reason it has that value.
 */

/** 128 bits from a CSPRNG: guessing a live code is hopeless even with the signing key. */
export const CODE_BYTES = 16
/** Full HMAC-SHA256 output; truncating would save 16 characters and buy nothing we need. */
export const TAG_BYTES = 32
/** The slot keeps this much of SHA-256(code): 128 bits, as strong against a guess as the code itself. */
export const CODE_HASH_BYTES = 16
/** HMAC keys shorter than the hash output weaken the tag (RFC 2104 §3). */
export const MIN_SECRET_BYTES = 32
/** The contract's ceiling: tokens must fit in a URL path segment that mail clients do not wrap. */
export const MAX_TOKEN_LENGTH = 256
/** Room for a Durable Object id (32 bytes) with space to spare; bounds what a parser will read. */
export const MAX_HANDLE_BYTES = 64
export const KEY_ID_RE = /^[A-Za-z0-9_-]{1,16}$/
export const PURPOSE_RE = /^[a-z][a-z0-9_]{0,31}$/
export const MAX_SUBJECT_LENGTH = 256
/** Seconds. A week: long enough for an invitation, short enough that a leaked mail goes stale. */
export const MAX_TTL_SECONDS = 604_800
/** Seconds. Fifteen minutes, the usual life of a password-reset link. */
export const DEFAULT_TTL_SECONDS = 900
/** Bytes of JSON a link may carry; slots live in memory, so data is kept small. */
export const MAX_DATA_BYTES = 4096
/** Bytes of an API request body. */
export const MAX_BODY_BYTES = 16 * 1024
/** A bearer key must be hard to guess: 32 characters of base64url is 192 bits. */
export const MIN_API_KEY_LENGTH = 32
/**
 * How deep `data` may nest. Real link data is flat or a level or two deep; a bound keeps a body of
 * `[[[[…` (16 KiB holds 8,000 levels) from overflowing the stack of JSON.stringify and the slot
 * worker's structured clone, which would be a 500 instead of a 400.
 */
export const MAX_DATA_DEPTH = 32

/** A typed code: 8 Crockford base32 characters, 40 bits; short enough to read off a phone and type. */
export const TYPED_CODE_CHARS = 8
export const TYPED_CODE_BYTES = 5
/** Wrong codes a slot takes before it burns: 5 guesses at 2^40 leave an attacker a 4.5e-12 chance. */
export const MAX_CODE_ATTEMPTS = 5
/**
 * The slot keeps 64 bits of a keyed hash of the typed code: enough that no wrong code matches by
 * accident (5 tries in 2^64), and it cannot be searched offline without the ticket's secret.
 */
export const TYPED_CODE_HASH_BYTES = 8
/** A ticket's own secret (never a code): keys the typed-code hash; as long as a link's code, as tickets share the token layout. */
export const TICKET_SECRET_BYTES = CODE_BYTES
/** The IETF httpapi Idempotency-Key draft leaves the length open; 255 bounds what a slot compares. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255
/** A key is the caller's, not a secret: 128 bits of its hash tell keys apart without keeping them. */
export const IDEMPOTENCY_KEY_HASH_BYTES = 16
