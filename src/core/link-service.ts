import type { Keyring } from './keyring.ts'
import type { LinkCrypto } from './link-crypto.ts'
import { CODE_BYTES, CODE_HASH_BYTES } from './limits.ts'
import { linkId } from './link-id.ts'
import { IssueInput } from './schemas.ts'
import type { JsonObject, SlotStore } from './slot-store.ts'
import { SlotlinkError } from './slotlink-error.ts'
import { signToken, verifyToken, type LinkClaims } from './token-codec.ts'
import type { LifecycleEventSink, LifecycleEventType } from './webhooks/lifecycle-event.ts'

/** Why a link cannot be used. `invalid` is one answer for every kind of bad token on purpose. */
export type LinkFailure = 'invalid' | 'expired' | 'used' | 'capacity'

/** An open link as its owner sees it. */
export interface OpenLink {
  readonly purpose: string
  readonly subject: string
  readonly data: JsonObject | null
  readonly expiresAt: Date
}

export type LinkResult =
  | { readonly ok: true; readonly link: OpenLink }
  /** `purpose` is given where the token was authentic (expired, used), so a page can offer a new link. */
  | { readonly ok: false; readonly reason: LinkFailure; readonly purpose?: string }

export type IssueResult =
  | { readonly ok: true; readonly token: string; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: 'capacity' }

/** Counts what happens to links; the metrics module implements it. */
export interface LinkObserver {
  outcome(operation: 'issue' | 'peek' | 'consume' | 'revoke', result: 'ok' | LinkFailure): void
}

export interface LinkServiceOptions {
  readonly keyring: Keyring
  readonly slots: SlotStore
  /** Milliseconds since the epoch; injected so tests can be exact. */
  readonly now?: () => number
  /** A CSPRNG; injected so tests can be deterministic. */
  readonly randomBytes?: (length: number) => Uint8Array
  readonly observer?: LinkObserver
  /** Where lifecycle events go (the webhook outbox); unset: none are made. */
  readonly events?: LifecycleEventSink
}

export interface LinkService {
  /** Mints a link: opens a slot holding a hash of a fresh code, and signs a token naming it. */
  issue(input: IssueInput): Promise<IssueResult>
  /** Reads an open link without using it up; `viewed`: a page showed it (a `link.viewed` event). */
  peek(token: string, options?: { purpose?: string; viewed?: boolean }): Promise<LinkResult>
  /** Uses a link up. Of any number of concurrent calls with one token, exactly one succeeds. */
  consume(token: string, options?: { purpose?: string }): Promise<LinkResult>
  /** Closes one link without using it. */
  revoke(token: string): Promise<LinkResult>
  /** Closes every open link of a subject (of one purpose, if given); returns how many. */
  revokeSubject(subject: string, purpose?: string): Promise<number>
  readonly slots: SlotStore
}

/** The event each successful slot operation makes (a peek makes one only for a page view). */
const EVENT_OF = { consume: 'link.consumed', revoke: 'link.revoked' } as const

const webRandomBytes = (length: number) => crypto.getRandomValues(new Uint8Array(length))

/**
 * The link policy, runtime-agnostic: tokens are checked by arithmetic first (format, key, tag,
 * expiry, purpose) and only a token that passes all of that reaches its slot.
 *
 * @example
 * const links = createLinkService({ keyring: await Keyring.random(), slots })
 * const issued = await links.issue({ purpose: 'reset_password', subject: 'user-42' })
 * if (issued.ok) await links.consume(issued.token) // { ok: true, link: { subject: 'user-42', ... } }
 */
export function createLinkService(options: LinkServiceOptions): LinkService {
  const { keyring, slots } = options
  const now = options.now ?? Date.now
  const randomBytes = options.randomBytes ?? webRandomBytes
  const observer = options.observer
  const events = options.events

  const report = <R extends LinkResult | IssueResult>(operation: Parameters<LinkObserver['outcome']>[0], result: R): R => {
    observer?.outcome(operation, result.ok ? 'ok' : result.reason)
    return result
  }

  const notify = async (type: LifecycleEventType, handle: Uint8Array, link: { purpose: string; subject: string }) =>
    events?.emit(type, { id: await linkId(keyring.crypto, handle), purpose: link.purpose, subject: link.subject })

  type SlotOperation = 'peek' | 'consume' | 'revoke'
  async function ask(operation: SlotOperation, token: string, purpose?: string, viewed = false): Promise<LinkResult> {
    // Everything a token can be refused for without asking its slot comes first.
    const verified = await verifyToken(keyring, token, now())
    if (!verified.ok) return report(operation, verified)
    const { claims } = verified
    // A purpose mismatch is `invalid`, like a forgery: a reset link must not confirm an email.
    if (purpose !== undefined && claims.purpose !== purpose) return report(operation, { ok: false, reason: 'invalid' })
    const answer = await slots[operation](claims.handle, await hashCode(keyring.crypto, claims.code))
    if (!answer.ok) return report(operation, { ok: false, reason: answer.reason, purpose: claims.purpose })
    const link = toOpenLink(answer.slot, claims)
    const event = operation === 'peek' ? (viewed ? 'link.viewed' : undefined) : EVENT_OF[operation]
    if (event && events) await notify(event, claims.handle, link)
    return report(operation, { ok: true, link })
  }

  return {
    slots,
    async issue(input) {
      const { purpose, subject, ttl, data } = parseIssueInput(input)
      const expiresAt = Math.ceil(now() / 1000) + ttl
      const code = randomBytes(CODE_BYTES)
      const opened = await slots.open({ purpose, subject, data: data ?? null, expiresAt, codeHash: await hashCode(keyring.crypto, code) })
      if (!opened.ok) return report('issue', opened)
      const token = await signToken(keyring, { purpose, expiresAt, handle: opened.handle, code })
      if (events) await notify('link.issued', opened.handle, { purpose, subject })
      return report('issue', { ok: true, token, expiresAt: new Date(expiresAt * 1000) })
    },
    peek: (token, opts) => ask('peek', token, opts?.purpose, opts?.viewed),
    consume: (token, opts) => ask('consume', token, opts?.purpose),
    revoke: (token) => ask('revoke', token),
    revokeSubject: (subject, purpose) => slots.revokeSubject(subject, purpose),
  }
}

/** A caller's mistake (a ttl out of range, a bad purpose) is a bug to fix, so it is thrown, typed. */
function parseIssueInput(input: IssueInput) {
  const parsed = IssueInput.safeParse(input)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw new SlotlinkError('ERR_SLOTLINK_INPUT', issue?.message ?? 'issue input is not valid', issue?.path.join('.') || 'input')
}

/** The slot keeps only this, so a dump of slot memory or a snapshot cannot be turned into links. */
export async function hashCode(linkCrypto: LinkCrypto, code: Uint8Array): Promise<Uint8Array> {
  return (await linkCrypto.sha256(code)).slice(0, CODE_HASH_BYTES)
}

function toOpenLink(slot: { subject: string; data: JsonObject | null }, claims: LinkClaims): OpenLink {
  // Purpose and expiry come from the signed token, the rest from the slot.
  return { purpose: claims.purpose, subject: slot.subject, data: slot.data, expiresAt: new Date(claims.expiresAt * 1000) }
}
