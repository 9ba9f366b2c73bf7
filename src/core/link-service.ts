import type { Keyring } from './keyring.ts'
import type { LinkCrypto } from './link-crypto.ts'
import { linkId } from './link-id.ts'
import { CODE_BYTES, CODE_HASH_BYTES, IDEMPOTENCY_KEY_HASH_BYTES, TICKET_SECRET_BYTES, TYPED_CODE_BYTES } from './limits.ts'
import { IssueInput } from './schemas.ts'
import type { ClosedLink, JsonObject, ListedSlot, SlotResult, SlotStore, UsedReason } from './slot-store.ts'
import { signTicket, signToken, verifyTicket, verifyToken } from './token-codec.ts'
import { SlotlinkError } from './slotlink-error.ts'
import { formatTypedCode, hashTypedCode, normalizeTypedCode, typedCodeFromBytes } from './typed-code.ts'
import type { LifecycleEventSink, LifecycleEventType } from './webhooks/lifecycle-event.ts'
import { RandomBytePool } from './random-pool.ts'

/** Why a link cannot be used. `invalid` is one answer for every kind of bad token on purpose. */
export type LinkFailure = 'invalid' | 'expired' | 'used' | 'capacity' | 'wrong_code'

/** An open link as its owner sees it. */
export interface OpenLink {
  /** The link's public id (link-id.ts): names it in listings and events, unlocks nothing. */
  readonly id: string
  readonly purpose: string
  readonly subject: string
  readonly data: JsonObject | null
  readonly expiresAt: Date
}

/** What a `used` link's tombstone says: why, and when where known. */
export interface UsedLink {
  readonly reason: UsedReason
  readonly at?: Date
}

export type LinkResult =
  /** `replayed`: an earlier use with the same Idempotency-Key, answered again. */
  | { readonly ok: true; readonly link: OpenLink; readonly replayed?: boolean }
  /** `purpose` is given where the token was authentic (expired, used), so a page can offer a new link. */
  | { readonly ok: false; readonly reason: 'invalid' | 'capacity'; readonly purpose?: string }
  /** From the signed claims, so the page can say when it expired. */
  | { readonly ok: false; readonly reason: 'expired'; readonly purpose: string; readonly expiredAt: Date }
  /** `closedNow`: this very call closed the link (the wrong code that locked it). */
  | { readonly ok: false; readonly reason: 'used'; readonly purpose: string; readonly used: UsedLink; readonly closedNow?: boolean }
  | { readonly ok: false; readonly reason: 'wrong_code'; readonly purpose: string; readonly attemptsLeft: number }

export type IssueResult =
  | {
      readonly ok: true
      readonly id: string
      readonly token: string
      readonly expiresAt: Date
      /** With `code: true`: the code to put in the mail (`ABCD-EFGH`), and the ticket for the asking client. */
      readonly code?: string
      readonly ticket?: string
    }
  | { readonly ok: false; readonly reason: 'capacity' }

/**
 * What an outcome is about. `revokeSubject`, `revokeById` and `supersede` report one `ok` per link
 * they closed, each with its id, so that every closed link can become an event.
 */
export type Operation = 'issue' | 'peek' | 'consume' | 'redeem' | 'revoke' | 'revokeSubject' | 'revokeById' | 'supersede'

/** What is known about a link an outcome is about; never a token, ticket or code. */
export interface OutcomeDetails {
  readonly id?: string
  readonly purpose?: string
  readonly subject?: string
  /** For `used`: the tombstone's reason; for a close (revoke, supersede), the reason it leaves. */
  readonly reason?: UsedReason
  /** For `used`: this very request closed the link (the wrong code that locked it). */
  readonly closedNow?: boolean
  /** For an `issue` with `supersede`: how many links it replaced (each also reported as `supersede`). */
  readonly superseded?: number
  readonly attemptsLeft?: number
}

/**
 * Told what happens to links: the metrics count it, a lifecycle-event sink can turn it into events.
 * `details` is optional for older observers, which may ignore it.
 */
export interface LinkObserver {
  outcome(operation: Operation, result: 'ok' | LinkFailure, details?: OutcomeDetails): void
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

export interface UseLinkOptions {
  /** If given, a link of another purpose is `invalid`. */
  readonly purpose?: string
  /** The caller's Idempotency-Key (validated by the caller): a repeat gets the first success again. */
  readonly idempotencyKey?: string
}

export type ListResult = { readonly ok: true; readonly links: ListedLink[] } | { readonly ok: false; readonly reason: 'capacity' }

export interface ListedLink {
  readonly id: string
  readonly purpose: string
  readonly createdAt: Date
  readonly expiresAt: Date
}

export interface LinkService {
  /** Mints a link: opens a slot holding a hash of a fresh code, and signs a token naming it. */
  issue(input: IssueInput): Promise<IssueResult>
  /** Reads an open link without using it up; `viewed`: a page showed it (a `link.viewed` event). */
  peek(token: string, options?: { purpose?: string; viewed?: boolean }): Promise<LinkResult>
  /** Uses a link up. Of any number of concurrent consumes and redeems of one link, exactly one succeeds. */
  consume(token: string, options?: UseLinkOptions): Promise<LinkResult>
  /** Uses a link up by its typed code, with the ticket of the client that asked for it. */
  redeem(ticket: string, code: string, options?: UseLinkOptions): Promise<LinkResult>
  /** Closes one link without using it. */
  revoke(token: string): Promise<LinkResult>
  /** Closes every open link of a subject (of one purpose, if given); returns how many. */
  revokeSubject(subject: string, purpose?: string): Promise<number>
  /** Closes the subject's open link with this public id; false if there is none. */
  revokeById(subject: string, id: string): Promise<boolean>
  /** The subject's open links (of one purpose, if given), newest first. No secrets. */
  list(subject: string, purpose?: string): Promise<ListedLink[]>
  readonly slots: SlotStore
}

const INVALID = { ok: false, reason: 'invalid' } as const
const pooledRandomBytes = () => {
  const pool = new RandomBytePool()
  return (length: number) => pool.take(length)
}
const IDEMPOTENCY_KEY_LABEL = new TextEncoder().encode('slotlink:idempotency-key:v1:')

/**
 * The link policy, runtime-agnostic: tokens and tickets are checked by arithmetic first (format,
 * key, tag, expiry, purpose) and only one that passes all of that reaches its slot.
 *
 * @example
 * const links = createLinkService({ keyring: await Keyring.random(), slots })
 * const issued = await links.issue({ purpose: 'reset_password', subject: 'user-42', code: true })
 * if (issued.ok) await links.redeem(issued.ticket!, issued.code!) // { ok: true, link: { subject: 'user-42', ... } }
 */
export function createLinkService(options: LinkServiceOptions): LinkService {
  const { keyring, slots } = options
  const now = options.now ?? Date.now
  // One pool per service: codes come 16 bytes at a time from a 4 KiB fill (random-pool.ts says why).
  const randomBytes = options.randomBytes ?? pooledRandomBytes()
  const observer = options.observer
  const events = options.events
  const idOf = (handle: Uint8Array) => linkId(keyring.crypto, handle)

  function report<R extends LinkResult | IssueResult>(operation: Operation, result: R, details?: OutcomeDetails): R {
    if (!observer) return result
    const extra: OutcomeDetails | undefined = result.ok
      ? 'link' in result
        ? { id: result.link.id, purpose: result.link.purpose, subject: result.link.subject, ...details }
        : details
      : result.reason === 'used'
        ? { purpose: result.purpose, reason: result.used.reason, ...(result.closedNow && { closedNow: true }), ...details }
        : result.reason === 'wrong_code'
          ? { purpose: result.purpose, attemptsLeft: result.attemptsLeft, ...details }
          : details
    observer.outcome(operation, result.ok ? 'ok' : result.reason, extra)
    return result
  }

  /**
   * Reports an outcome and, with events on, hands its lifecycle event to the sink before the caller
   * is answered: at the edge that is a durable write, so an answered request never loses its event.
   */
  async function done<R extends LinkResult | IssueResult>(operation: Operation, result: R, details?: OutcomeDetails & { viewed?: boolean }): Promise<R> {
    report(operation, result, details)
    if (events) {
      const event = lifecycleEventOf(operation, result, details?.viewed ?? false)
      const link = 'link' in result && result.ok ? result.link : undefined
      const id = link?.id ?? details?.id
      const purpose = link?.purpose ?? details?.purpose ?? ('purpose' in result ? result.purpose : undefined)
      const subject = link?.subject ?? details?.subject
      if (event && id !== undefined && purpose !== undefined && subject !== undefined) {
        await events.emit(event.type, { id, purpose, subject, ...(event.reason && { reason: event.reason }) })
      }
    }
    return result
  }

  /** One `ok` per link a bulk close closed: what a lifecycle event per link needs (each with its own purpose). */
  async function reportClosed(operation: Operation, closed: readonly ClosedLink[], subject: string, reason: 'revoked' | 'superseded'): Promise<void> {
    for (const { id, purpose } of closed) observer?.outcome(operation, 'ok', { id, purpose, subject, reason })
    // Every close carries its tombstone's reason, as the 410 for the link will.
    if (events) await Promise.all(closed.map(({ id, purpose }) => events.emit(reason === 'superseded' ? 'link.superseded' : 'link.revoked', { id, purpose, subject, reason })))
  }

  /** Turns a slot's answer into the link service's, with purpose and expiry from the signed claims. */
  function answer(result: SlotResult, id: string, claims: { purpose: string; expiresAt: number }): LinkResult {
    if (result.ok) {
      const { subject, data } = result.slot
      const link = { id, purpose: claims.purpose, subject, data, expiresAt: new Date(claims.expiresAt * 1000) }
      return result.replayed ? { ok: true, link, replayed: true } : { ok: true, link }
    }
    switch (result.reason) {
      case 'used': {
        const used = { reason: result.used.reason, ...(result.used.at !== undefined && { at: new Date(result.used.at * 1000) }) }
        return { ok: false, reason: 'used', purpose: claims.purpose, used, ...(result.closedNow && { closedNow: true }) }
      }
      case 'wrong_code':
        return { ok: false, reason: 'wrong_code', purpose: claims.purpose, attemptsLeft: result.attemptsLeft }
      case 'invalid':
        return INVALID
      case 'capacity':
        return { ok: false, reason: 'capacity', purpose: claims.purpose }
    }
  }

  type TokenOperation = 'peek' | 'consume' | 'revoke'
  async function ask(operation: TokenOperation, token: string, opts: UseLinkOptions & { viewed?: boolean } = {}): Promise<LinkResult> {
    // Everything a token can be refused for without asking its slot comes first.
    const verified = await verifyToken(keyring, token, now())
    if (!verified.ok) return done(operation, refusal(verified))
    const { claims } = verified
    // A purpose mismatch is `invalid`, like a forgery: a reset link must not confirm an email.
    if (opts.purpose !== undefined && claims.purpose !== opts.purpose) return done(operation, INVALID)
    const codeHash = await hashCode(keyring.crypto, claims.code)
    const idempotencyKeyHash = opts.idempotencyKey === undefined ? undefined : await hashIdempotencyKey(keyring.crypto, opts.idempotencyKey)
    const id = await idOf(claims.handle)
    const result =
      operation === 'peek'
        ? await slots.peek(claims.handle, codeHash, claims.purpose)
        : operation === 'consume'
          ? await slots.consume(claims.handle, codeHash, { purpose: claims.purpose, idempotencyKeyHash })
          : await slots.revoke(claims.handle, codeHash)
    return done(operation, answer(result, id, claims), { id, viewed: opts.viewed })
  }

  return {
    slots,
    async issue(input) {
      const { purpose, subject, ttl, data, code: withCode, supersede } = parseIssueInput(input)
      const createdAtMs = now()
      const expiresAt = Math.ceil(createdAtMs / 1000) + ttl
      const code = randomBytes(CODE_BYTES)
      let typed: { code: string; secret: Uint8Array; hash: Uint8Array } | undefined
      if (withCode) {
        const typedCode = typedCodeFromBytes(randomBytes(TYPED_CODE_BYTES))
        const secret = randomBytes(TICKET_SECRET_BYTES)
        typed = { code: typedCode, secret, hash: await hashTypedCode(keyring.crypto, secret, typedCode) }
      }
      const opened = await slots.open({
        purpose,
        subject,
        data: data ?? null,
        expiresAt,
        createdAtMs,
        codeHash: await hashCode(keyring.crypto, code),
        typedCodeHash: typed?.hash ?? null,
      })
      if (!opened.ok) return done('issue', opened, { purpose, subject })
      const { handle } = opened
      // After the new link is open, so that of two concurrent resends one link always survives.
      const superseded = supersede ? await slots.revokeSubject(subject, purpose, { reason: 'superseded', except: handle }) : undefined
      if (superseded) await reportClosed('supersede', superseded.links, subject, 'superseded')
      const [token, id, ticket] = await Promise.all([
        signToken(keyring, { purpose, expiresAt, handle, code }),
        idOf(handle),
        typed ? signTicket(keyring, { purpose, expiresAt, handle, secret: typed.secret }) : undefined,
      ])
      const issued: IssueResult = {
        ok: true,
        id,
        token,
        expiresAt: new Date(expiresAt * 1000),
        ...(typed && ticket !== undefined && { code: formatTypedCode(typed.code), ticket }),
      }
      return done('issue', issued, { id, purpose, subject, ...(superseded && { superseded: superseded.count }) })
    },
    peek: (token, opts) => ask('peek', token, { purpose: opts?.purpose, viewed: opts?.viewed }),
    consume: (token, opts) => ask('consume', token, opts),
    revoke: (token) => ask('revoke', token),
    async redeem(ticket, typedCode, opts = {}) {
      // The ticket first, like a token: a forged one asks no slot and spends no attempt.
      const verified = await verifyTicket(keyring, ticket, now())
      if (!verified.ok) return done('redeem', refusal(verified))
      const { claims } = verified
      if (opts.purpose !== undefined && claims.purpose !== opts.purpose) return done('redeem', INVALID)
      const id = await idOf(claims.handle)
      // Something that is no code at all (the API answers 400 before this) counts as a wrong one: its
      // hash, of the empty string, can match no slot's 8-character code.
      const code = normalizeTypedCode(typedCode) ?? ''
      const idempotencyKeyHash = opts.idempotencyKey === undefined ? undefined : await hashIdempotencyKey(keyring.crypto, opts.idempotencyKey)
      const result = await slots.redeem(claims.handle, await hashTypedCode(keyring.crypto, claims.secret, code), { purpose: claims.purpose, idempotencyKeyHash })
      // A wrong code and the one that locks carry the slot's subject for their events only; the answer never does.
      const subject = result.ok ? result.slot.subject : 'subject' in result ? result.subject : undefined
      return done('redeem', answer(result, id, claims), { id, ...(subject !== undefined && { subject }) })
    },
    async revokeSubject(subject, purpose) {
      const revoked = await slots.revokeSubject(subject, purpose)
      await reportClosed('revokeSubject', revoked.links, subject, 'revoked')
      return revoked.count
    },
    async revokeById(subject, id) {
      const revoked = await slots.revokeById(subject, id)
      if (revoked) await reportClosed('revokeById', [revoked], subject, 'revoked')
      return revoked !== undefined
    },
    async list(subject, purpose) {
      const listed = await slots.list(subject, purpose)
      return listed.map(toListedLink)
    },
  }
}

/**
 * The lifecycle event an outcome makes, if any. Closes by subject, id and supersede are reported
 * per link by reportClosed; expiries come from the slots themselves (they alone see them).
 */
function lifecycleEventOf(operation: Operation, result: LinkResult | IssueResult, viewed: boolean): { type: LifecycleEventType; reason?: string } | undefined {
  if (result.ok) {
    if ('replayed' in result && result.replayed) return undefined
    switch (operation) {
      case 'issue':
        return { type: 'link.issued' }
      case 'peek':
        return viewed ? { type: 'link.viewed' } : undefined
      case 'consume':
        return { type: 'link.consumed' }
      case 'redeem':
        return { type: 'link.redeemed' }
      case 'revoke':
        return { type: 'link.revoked', reason: 'revoked' }
      default:
        return undefined
    }
  }
  if (operation !== 'redeem') return undefined
  if (result.reason === 'wrong_code') return { type: 'link.code_failed' }
  if (result.reason === 'used' && result.closedNow) return { type: 'link.locked', reason: 'locked' }
  return undefined
}

/** A token or ticket the codec refused, as the link service says it. */
function refusal(verified: { reason: 'invalid' } | { reason: 'expired'; purpose: string; expiresAt: number }): LinkResult {
  return verified.reason === 'invalid' ? INVALID : { ok: false, reason: 'expired', purpose: verified.purpose, expiredAt: new Date(verified.expiresAt * 1000) }
}

/** A caller's mistake (a ttl out of range, a bad purpose) is a bug to fix, so it is thrown, typed. */
function parseIssueInput(input: IssueInput) {
  const parsed = IssueInput.safeParse(input)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw new SlotlinkError('ERR_SLOTLINK_INPUT', issue?.message ?? 'issue input is not valid', issue?.path.join('.') || 'input')
}

function toListedLink(slot: ListedSlot): ListedLink {
  return { id: slot.id, purpose: slot.purpose, createdAt: new Date(slot.createdAtMs), expiresAt: new Date(slot.expiresAt * 1000) }
}

/** The slot keeps only this, so a dump of slot memory or a snapshot cannot be turned into links. */
export async function hashCode(linkCrypto: LinkCrypto, code: Uint8Array): Promise<Uint8Array> {
  return (await linkCrypto.sha256(code)).slice(0, CODE_HASH_BYTES)
}

/** What a slot keeps of an Idempotency-Key: enough to know the same key again, not the key. */
export async function hashIdempotencyKey(linkCrypto: Pick<LinkCrypto, 'sha256'>, key: string): Promise<Uint8Array> {
  const keyBytes = new TextEncoder().encode(key)
  const input = new Uint8Array(IDEMPOTENCY_KEY_LABEL.length + keyBytes.length)
  input.set(IDEMPOTENCY_KEY_LABEL, 0)
  input.set(keyBytes, IDEMPOTENCY_KEY_LABEL.length)
  return (await linkCrypto.sha256(input)).slice(0, IDEMPOTENCY_KEY_HASH_BYTES)
}
