/**
 * The seam between the link policy and wherever slots live: piscina worker threads on Node,
 * Durable Objects at the edge, a plain Map in a test. One interface, one small adapter per runtime.
 */

export type JsonObject = { [key: string]: unknown }

/** What a slot holds. The code itself never reaches a slot: only a hash of it. */
export interface SlotContent {
  readonly purpose: string
  readonly subject: string
  readonly data: JsonObject | null
  /** Unix seconds; the slot frees itself then, on its own. */
  readonly expiresAt: number
}

export interface OpenRequest extends SlotContent {
  /** Truncated SHA-256 of the link's code. */
  readonly codeHash: Uint8Array
  /** Keyed hash of the typed code (see typed-code.ts), for a link that has one. */
  readonly typedCodeHash?: Uint8Array | null
  /** Milliseconds since the epoch: listings show the newest first. */
  readonly createdAtMs: number
}

/** Why a slot that once held a link no longer does; `unknown` when no tombstone says (a lost worker, a pre-v2 slot). */
export type UsedReason = 'consumed' | 'redeemed' | 'revoked' | 'superseded' | 'locked' | 'unknown'
/** The ways a slot is closed on purpose, each leaving a tombstone of that reason. */
export type CloseReason = Exclude<UsedReason, 'unknown'>

/** What a tombstone says: the reason, and when (unix seconds) where known. No subject, data or hash. */
export interface UsedInfo {
  readonly reason: UsedReason
  readonly at?: number
}

/**
 * `used`: the slot is gone (with a tombstone's reason where one is kept).
 * `invalid`: the slot holds a link of another purpose than the token says (defence in depth).
 * `wrong_code`: a typed code that is not the slot's; the slot counts it.
 * `capacity`: the store is full or its queue is; try again later (503 + Retry-After).
 */
export type SlotFailure =
  /**
   * `closedNow`: this very call closed the slot (the wrong code that locked it), for events; `subject`
   * then, and with `wrong_code`, is the open slot's, for the `link.locked` / `link.code_failed`
   * event alone (the caller is never shown it: a wrong code proves nothing about who typed it).
   */
  | { readonly ok: false; readonly reason: 'used'; readonly used: UsedInfo; readonly closedNow?: boolean; readonly subject?: string }
  | { readonly ok: false; readonly reason: 'wrong_code'; readonly attemptsLeft: number; readonly subject?: string }
  | { readonly ok: false; readonly reason: 'invalid' | 'capacity' }

export type OpenResult =
  | { readonly ok: true; readonly handle: Uint8Array }
  | { readonly ok: false; readonly reason: 'capacity' }

export type SlotResult =
  /** `replayed`: the slot was used earlier by this same idempotency key, and this is that answer again. */
  | { readonly ok: true; readonly slot: SlotContent; readonly replayed?: boolean }
  | SlotFailure

/** What a use of a slot carries besides its secret. */
export interface UseOptions {
  /** The purpose the token (or ticket) was signed for: the slot refuses a link of another. */
  readonly purpose: string
  /** Hash of the caller's Idempotency-Key, if any: a repeat with it gets the first answer again. */
  readonly idempotencyKeyHash?: Uint8Array
}

/** An open link as a listing shows it: nothing in it unlocks anything. */
export interface ListedSlot {
  readonly id: string
  readonly purpose: string
  readonly createdAtMs: number
  /** Unix seconds. */
  readonly expiresAt: number
}

export interface RevokeSubjectOptions {
  /** Only links of this purpose. */
  readonly purpose?: string
  /** The tombstones' reason: `revoked` (the default), or `superseded` by a newer link. */
  readonly reason?: 'revoked' | 'superseded'
  /** A handle to leave open: the new link that supersedes the others. */
  readonly except?: Uint8Array
}

/** A link a revoke closed, as its lifecycle event names it. */
export interface ClosedLink {
  readonly id: string
  readonly purpose: string
}

/** What a revoke-by-subject closed: how many, and those it could name. */
export interface RevokedLinks {
  readonly count: number
  /** The revoked links; a backend may not know the id of a link from before v2. */
  readonly links: readonly ClosedLink[]
}

export interface SlotStats {
  /** Open slots, in all. */
  readonly open: number
  /** Tombstones kept (used links remembered until their expiry), where the backend counts them. */
  readonly tombstones?: number
  /** Slots freed by their own expiry, where the backend counts them. */
  readonly expired?: number
  /** Requests waiting for a slot owner (worker queue), where the backend has one. */
  readonly queued: number
  /** Open slots per owner (worker), where the backend has several. */
  readonly perOwner?: readonly { readonly owner: string; readonly open: number; readonly tombstones?: number; readonly heapBytes?: number }[]
}

export interface SlotStore {
  /** Hands a new link to a fresh slot; the handle it returns names that slot. */
  open(request: OpenRequest): Promise<OpenResult>
  /** Reads a slot without using it up. */
  peek(handle: Uint8Array, codeHash: Uint8Array, purpose: string): Promise<SlotResult>
  /** Uses the slot up by its link: of any number of concurrent consumes and redeems, exactly one gets `ok`. */
  consume(handle: Uint8Array, codeHash: Uint8Array, options: UseOptions): Promise<SlotResult>
  /**
   * Uses the slot up by its typed code: same single use as `consume`. A wrong code counts; the
   * MAX_CODE_ATTEMPTS-th wrong one closes the slot (`locked`), the link with it.
   */
  redeem(handle: Uint8Array, typedCodeHash: Uint8Array, options: UseOptions): Promise<SlotResult>
  /** Frees the slot without using it: same answers as `consume`. */
  revoke(handle: Uint8Array, codeHash: Uint8Array): Promise<SlotResult>
  /** Frees every open slot of a subject (of one purpose, if given); says how many, and which. */
  revokeSubject(subject: string, purpose?: string, options?: Omit<RevokeSubjectOptions, 'purpose'>): Promise<RevokedLinks>
  /** Frees the subject's open slot whose public id this is; undefined if it has none such. */
  revokeById(subject: string, id: string): Promise<ClosedLink | undefined>
  /** The subject's open slots (of one purpose, if given), newest first. */
  list(subject: string, purpose?: string): Promise<ListedSlot[]>
  stats(): Promise<SlotStats>
  close(): Promise<void>
}
