import { webLinkCrypto } from '../core/link-crypto.ts'
import { linkId } from '../core/link-id.ts'
import type { Logger } from '../core/logger.ts'
import type { ClosedLink, ListedSlot, OpenRequest, OpenResult, RevokedLinks, RevokeSubjectOptions, SlotResult, SlotStats, SlotStore, UseOptions } from '../core/slot-store.ts'
import { bytesToHex, hexToBytes } from './hex.ts'
import { counterShardNames, type SlotCounters } from './slot-counters.ts'
import type { SlotObject } from './slot-object.ts'
import type { SubjectSlots } from './subject-slots.ts'

/** A Durable Object id is 32 bytes (64 hex digits); the token carries it as the slot handle. */
const OBJECT_ID_BYTES = 32
/** A handle that names no slot object this namespace could have made: nothing is known of it. */
const UNKNOWN = { ok: false, reason: 'used', used: { reason: 'unknown' } } as const
const CAPACITY = { ok: false, reason: 'capacity' } as const

export interface DurableObjectSlotStoreOptions {
  readonly slots: DurableObjectNamespace<SlotObject>
  readonly subjects: DurableObjectNamespace<SubjectSlots>
  readonly counters: DurableObjectNamespace<SlotCounters>
  readonly logger: Logger
}

/**
 * The edge's SlotStore: each open link is its own SlotObject, named by a fresh `newUniqueId()`, and
 * the token's handle is that id's 32 bytes. No lookup table: the handle is the address.
 *
 * A Durable Object call can fail for reasons that pass (an overloaded or restarting object); those
 * answer `capacity` (503, Retry-After) rather than `used`, because the link may well still be open.
 *
 * @example
 * const slots = new DurableObjectSlotStore({ slots: env.SLOTS, subjects: env.SUBJECT_SLOTS, counters: env.SLOT_COUNTERS, logger })
 * const links = createLinkService({ keyring, slots })
 */
export class DurableObjectSlotStore implements SlotStore {
  readonly #slots: DurableObjectNamespace<SlotObject>
  readonly #subjects: DurableObjectNamespace<SubjectSlots>
  readonly #counters: DurableObjectNamespace<SlotCounters>
  readonly #logger: Logger

  constructor(options: DurableObjectSlotStoreOptions) {
    this.#slots = options.slots
    this.#subjects = options.subjects
    this.#counters = options.counters
    this.#logger = options.logger
  }

  async open(request: OpenRequest): Promise<OpenResult> {
    const id = this.#slots.newUniqueId()
    const { purpose, subject, data, expiresAt, codeHash } = request
    const handle = hexToBytes(id.toString())!
    try {
      const extras = { typedCodeHash: request.typedCodeHash ?? null, createdAtMs: request.createdAtMs, linkId: await linkId(webLinkCrypto, handle) }
      await this.#slots.get(id).open({ purpose, subject, data, expiresAt }, codeHash, extras)
    } catch (error) {
      this.#failed('open', error)
      return CAPACITY
    }
    return { ok: true, handle }
  }

  peek(handle: Uint8Array, codeHash: Uint8Array, purpose: string): Promise<SlotResult> {
    return this.#ask('peek', handle, (slot) => slot.peek(codeHash, purpose))
  }

  consume(handle: Uint8Array, codeHash: Uint8Array, options: UseOptions): Promise<SlotResult> {
    return this.#ask('consume', handle, (slot) => slot.consume(codeHash, options.purpose, options.idempotencyKeyHash ?? null))
  }

  redeem(handle: Uint8Array, typedCodeHash: Uint8Array, options: UseOptions): Promise<SlotResult> {
    return this.#ask('redeem', handle, (slot) => slot.redeem(typedCodeHash, options.purpose, options.idempotencyKeyHash ?? null))
  }

  revoke(handle: Uint8Array, codeHash: Uint8Array): Promise<SlotResult> {
    return this.#ask('revoke', handle, (slot) => slot.revoke(codeHash))
  }

  async #ask(operation: string, handle: Uint8Array, call: (slot: DurableObjectStub<SlotObject>) => Promise<SlotResult>): Promise<SlotResult> {
    const id = this.#objectId(handle)
    // The tag proved we minted this handle, so an id that does not parse is a slot that cannot exist.
    if (!id) return UNKNOWN
    try {
      return (await call(this.#slots.get(id))) as SlotResult
    } catch (error) {
      this.#failed(operation, error)
      return CAPACITY
    }
  }

  /** The namespace's id for a handle, or undefined: `idFromString` throws on ids it did not make. */
  #objectId(handle: Uint8Array): DurableObjectId | undefined {
    if (handle.length !== OBJECT_ID_BYTES) return undefined
    try {
      return this.#slots.idFromString(bytesToHex(handle))
    } catch {
      return undefined
    }
  }

  async revokeSubject(subject: string, purpose?: string, options: Omit<RevokeSubjectOptions, 'purpose'> = {}): Promise<RevokedLinks> {
    const except = options.except ? bytesToHex(options.except) : undefined
    return (await this.#subjects.getByName(subject).revokeAll(purpose, options.reason ?? 'revoked', except)) as RevokedLinks
  }

  /** One call to the subject's object, which alone knows its slots. */
  async revokeById(subject: string, id: string): Promise<ClosedLink | undefined> {
    return (await this.#subjects.getByName(subject).revokeById(id)) as ClosedLink | undefined
  }

  async list(subject: string, purpose?: string): Promise<ListedSlot[]> {
    return (await this.#subjects.getByName(subject).list(purpose)) as ListedSlot[]
  }

  /** Open and expired slots: sums of the counter shards (see SlotCounters). Nothing queues at the edge. */
  async stats(): Promise<SlotStats> {
    const shards = await Promise.all(counterShardNames().map((name) => this.#counters.getByName(name).read()))
    const sum = (field: 'open' | 'expired' | 'tombstones') => shards.reduce((total, shard) => total + (shard[field] ?? 0), 0)
    return { open: Math.max(0, sum('open')), tombstones: Math.max(0, sum('tombstones')), expired: Math.max(0, sum('expired')), queued: 0 }
  }

  async close(): Promise<void> {}

  #failed(operation: string, error: unknown) {
    this.#logger.error({ event: 'slot_object_failed', operation, error: error instanceof Error ? error.message : String(error) })
  }
}
