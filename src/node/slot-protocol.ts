/**
 * The messages between the pool (src/node/piscina-slot-store.ts) and a slot worker
 * (workers/slot-worker.ts): the only thing the two sides share.
 */
import type { ListedSlot, UsedReason } from '../core/slot-store.ts'

/** What a worker is started with (piscina's `workerData`). */
export interface SlotWorkerConfig {
  /** Open slots one worker may hold; past it, `open` answers `capacity`. */
  readonly maxSlotsPerWorker: number
  /** Where snapshots live, or null to neither write nor read them. */
  readonly snapshotDir: string | null
  /** Seal keys (see snapshot-key.ts): the first seals, all verify. Secrets: never logged. */
  readonly snapshotKeys: readonly Uint8Array[]
  /** How many snapshots one worker may adopt at start, so they spread over the pool. */
  readonly snapshotsPerWorker: number
  /** Whether to post a ClosedLinksReport when slots expire or are revoked by subject (lifecycle events are on). */
  readonly reportClosed?: boolean
}

/**
 * Posted by a worker when slots closed without a request naming them (their timer expired them, or
 * a revoke by subject): what a `link.expired` or `link.revoked` event says of each, no more.
 */
export interface ClosedLinksReport {
  readonly type: 'slotlink:closed'
  readonly how: 'expired' | 'revoked'
  readonly links: { readonly id: string; readonly purpose: string; readonly subject: string }[]
}

export function isClosedReport(message: unknown): message is ClosedLinksReport {
  return typeof message === 'object' && message !== null && (message as ClosedLinksReport).type === 'slotlink:closed'
}

/** Posted by a worker on its parent port as it starts, so the pool can route to its epoch. */
export interface SlotWorkerAnnouncement {
  readonly type: 'slotlink:worker-ready'
  readonly threadId: number
  /** The worker's own epoch first, then any it adopted from snapshots. */
  readonly epochs: string[]
  /** Slots restored from snapshots, and entries left out because they had expired. */
  restored: number
  droppedExpired: number
  /** Snapshots that could not be used, and why (the worker started without them). */
  readonly refused: { file: string; reason: string }[]
}

export function isAnnouncement(message: unknown): message is SlotWorkerAnnouncement {
  return typeof message === 'object' && message !== null && (message as SlotWorkerAnnouncement).type === 'slotlink:worker-ready'
}

/** Requests that may travel in a batch: the ones a link's traffic is made of. */
export type BatchableRequest = Extract<SlotRequest, { op: 'open' | 'peek' | 'consume' | 'redeem' | 'revoke' }>

export type SlotRequest =
  | { readonly op: 'batch'; readonly requests: SlotRequest[] }
  | {
      readonly op: 'open'
      readonly purpose: string
      readonly subject: string
      readonly data: string | null
      readonly expiresAt: number
      readonly createdAtMs: number
      readonly codeHash: Uint8Array
      readonly typedCodeHash: Uint8Array | null
    }
  | { readonly op: 'peek'; readonly handle: Uint8Array; readonly codeHash: Uint8Array; readonly purpose: string }
  | { readonly op: 'consume'; readonly handle: Uint8Array; readonly codeHash: Uint8Array; readonly purpose: string; readonly keyHash: Uint8Array | null }
  | { readonly op: 'redeem'; readonly handle: Uint8Array; readonly typedCodeHash: Uint8Array; readonly purpose: string; readonly keyHash: Uint8Array | null }
  | { readonly op: 'revoke'; readonly handle: Uint8Array; readonly codeHash: Uint8Array }
  | {
      readonly op: 'revokeSubject'
      readonly subject: string
      readonly purpose: string | null
      readonly reason: 'revoked' | 'superseded'
      /** A handle to leave open (the superseding link); other workers ignore one not theirs. */
      readonly except: Uint8Array | null
    }
  | { readonly op: 'revokeById'; readonly subject: string; readonly id: string }
  | { readonly op: 'list'; readonly subject: string; readonly purpose: string | null }
  | { readonly op: 'stats' }
  | { readonly op: 'snapshot' }

/** What a slot said about a use of it. */
export type SlotOutcome =
  | { readonly kind: 'ok'; readonly slot: SlotView; readonly replayed: boolean }
  /** `closedNow`: this very request closed the slot (the wrong code that locked it); `subject` then is its, for the event. */
  | { readonly kind: 'used'; readonly reason: UsedReason; readonly at: number | null; readonly closedNow: boolean; readonly subject?: string }
  /** `subject`: the open slot's, for the `link.code_failed` event (the caller is never shown it). */
  | { readonly kind: 'wrong_code'; readonly attemptsLeft: number; readonly subject: string }
  | { readonly kind: 'invalid' }

export interface SlotView {
  readonly purpose: string
  readonly subject: string
  readonly data: string | null
  readonly expiresAt: number
}

export type SlotResponse =
  | { readonly op: 'batch'; readonly responses: SlotResponse[] }
  | { readonly op: 'open'; readonly handle: Uint8Array | null }
  | { readonly op: 'slot'; readonly outcome: SlotOutcome }
  | { readonly op: 'count'; readonly count: number }
  | { readonly op: 'list'; readonly links: ListedSlot[] }
  /** The slots a revokeSubject closed, or the one a revokeById did (none: an empty list). */
  | { readonly op: 'revoked'; readonly links: { readonly id: string; readonly purpose: string }[] }
  | {
      readonly op: 'stats'
      readonly epoch: string
      readonly open: number
      readonly tombstones: number
      readonly expired: number
      readonly heapUsed: number
    }

/**
 * A handle is 16 bytes: the worker incarnation's random epoch (8), the slot index (u32 BE) and
 * the slot generation (u32 BE). The epoch routes the request and lets a replacement worker know
 * the handle belonged to a predecessor; index and generation find the slot.
 */
export const EPOCH_BYTES = 8
export const HANDLE_BYTES = EPOCH_BYTES + 8

export function encodeHandle(epoch: Uint8Array, index: number, generation: number): Uint8Array {
  const handle = new Uint8Array(HANDLE_BYTES)
  handle.set(epoch, 0)
  const view = new DataView(handle.buffer)
  view.setUint32(EPOCH_BYTES, index)
  view.setUint32(EPOCH_BYTES + 4, generation)
  return handle
}

export function decodeHandle(handle: Uint8Array): { epoch: string; index: number; generation: number } | undefined {
  if (handle.length !== HANDLE_BYTES) return undefined
  const view = new DataView(handle.buffer, handle.byteOffset, handle.byteLength)
  return { epoch: epochKey(handle.subarray(0, EPOCH_BYTES)), index: view.getUint32(EPOCH_BYTES), generation: view.getUint32(EPOCH_BYTES + 4) }
}

export function epochKey(epoch: Uint8Array): string {
  let hex = ''
  for (const byte of epoch) hex += byte.toString(16).padStart(2, '0')
  return hex
}
