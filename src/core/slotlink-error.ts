/**
 * The one error slotlink throws, for mistakes in how it is called or configured (a short API key,
 * a publicUrl that is not a URL, an issue() input out of range). Expected outcomes of link
 * operations (invalid, expired, used, capacity) are never thrown: they are `{ ok: false, reason }`.
 *
 * Like jose's errors, each carries a stable `code` to switch on; the message is for people and may
 * change. Neither ever contains the value that was refused, which may be a secret.
 *
 * @example
 * try { slotlink.routes({ apiKey: process.env.SLOTLINK_API_KEY!, publicUrl }) }
 * catch (error) { if (error instanceof SlotlinkError && error.code === 'ERR_SLOTLINK_API_KEY') … }
 */
export const SLOTLINK_ERROR_CODES = {
  /** The API key is missing or shorter than MIN_API_KEY_LENGTH. */
  ERR_SLOTLINK_API_KEY: 'apiKey',
  /** publicUrl is not an absolute http(s) URL (an optional path prefix is fine). */
  ERR_SLOTLINK_PUBLIC_URL: 'publicUrl',
  /** The signing keys are malformed (see SLOTLINK_KEYS). */
  ERR_SLOTLINK_KEYS: 'keys',
  /** Another option is out of its range or of the wrong type. */
  ERR_SLOTLINK_OPTION: 'option',
  /** A link operation's input is not valid (e.g. a ttl out of range); `field` names it. */
  ERR_SLOTLINK_INPUT: 'input',
} as const

export type SlotlinkErrorCode = keyof typeof SLOTLINK_ERROR_CODES

export class SlotlinkError extends Error {
  override readonly name = 'SlotlinkError'
  /** What the error is about, e.g. `apiKey` or, for input errors, the field path (`ttl`). */
  readonly field: string

  constructor(
    readonly code: SlotlinkErrorCode,
    message: string,
    field: string = SLOTLINK_ERROR_CODES[code],
  ) {
    super(message)
    this.field = field
  }
}
