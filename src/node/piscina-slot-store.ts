/**
 * The pool side of the Node slot store: slots live in piscina worker threads, and each request
 * about a link goes to the one thread that holds its slot.
 */
import { rmSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { Piscina } from 'piscina'
import { silentLogger, type Logger } from '../core/logger.ts'
import type { ClosedLink, ListedSlot, OpenRequest, OpenResult, RevokedLinks, RevokeSubjectOptions, SlotResult, SlotStats, SlotStore, UseOptions } from '../core/slot-store.ts'
import { SlotBatcher } from './slot-batcher.ts'
import { typeScriptLoaderArgs } from './typescript-loader.ts'
import { listSnapshots, removeStaleSnapshotFiles } from './snapshot-files.ts'
import {
  decodeHandle,
  isAnnouncement,
  isClosedReport,
  type ClosedLinksReport,
  type BatchableRequest,
  type SlotOutcome,
  type SlotRequest,
  type SlotResponse,
  type SlotView,
  type SlotWorkerAnnouncement,
  type SlotWorkerConfig,
} from './slot-protocol.ts'

export interface PiscinaSlotStoreOptions {
  /** Worker threads; default: the machine's available parallelism. */
  threads?: number
  /** Open slots per worker before `open` answers `capacity`. Default 2,000,000. */
  maxSlotsPerWorker?: number
  /** Batches one worker may have in hand at once; more wait in piscina's queue. Default 8. */
  maxInFlightPerWorker?: number
  /** Link requests the store may hold at once (waiting or being served) before it answers `capacity`. Default 8192. */
  maxPending?: number
  /** Where workers write snapshots on close and read them at start; null (the default) for neither. */
  snapshotDir?: string | null
  /**
   * With `snapshotDir`: the keys snapshots are sealed with (the first) and verified against (all);
   * derive them with `deriveSnapshotKeys(secrets)` from the link-signing secrets.
   */
  snapshotKeys?: readonly Uint8Array[]
  /** Lifecycle lines: snapshots restored, refused or written. */
  logger?: Logger
  /** Told of links freed by their expiry or a revoke by subject (for lifecycle events); unset: workers do not report them. */
  onClosed?: (how: ClosedLinksReport['how'], links: ClosedLinksReport['links']) => void
}

/** piscina does not export its balancer types; these are read off its options. */
type LoadBalancer = NonNullable<NonNullable<ConstructorParameters<typeof Piscina>[0]>['loadBalancer']>
type PiscinaWorker = Parameters<LoadBalancer>[1][number]

/** The worker side, compiled beside this file in dist/, or its source when run from source (tsx, vitest). */
const WORKER_URL = new URL(`../../workers/slot-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url)
/** What a handle gets whose worker is gone: its slot, and its tombstone, died with it. */
const LOST = { ok: false, reason: 'used', used: { reason: 'unknown' } } as const
const CAPACITY = { ok: false, reason: 'capacity' } as const
/** How long start() waits for every worker to say hello. */
const STARTUP_TIMEOUT_MS = 30_000

type Routed = SlotRequest & { [key: symbol]: { threadId: number } | undefined }

/**
 * Sends a routed task to its worker; an unrouted one (open) to the least busy worker, ties broken
 * in turn so that slots spread evenly. A worker with `maxInFlight` tasks already gets no more:
 * the task waits in piscina's bounded queue instead, so overload shows up as queue depth and then
 * as 503s, not as an unbounded backlog in a worker's message port.
 *
 * A routed task whose worker is gone goes to any live worker, which answers `used` because the
 * epoch is not its own: returning null for it would leave it queued for a worker that will never
 * come back.
 */
function createOwnerRouter(maxInFlight: number): LoadBalancer {
  let turn = 0
  return (task, workers) => {
    const hint = (task as unknown as Record<symbol, unknown>)[Piscina.queueOptionsSymbol] as { threadId: number } | null | undefined
    const count = workers.length
    const start = turn++ % Math.max(count, 1)
    let best: PiscinaWorker | null = null
    for (let i = 0; i < count; i++) {
      const worker = workers[(start + i) % count]!
      if (worker.terminating || worker.destroyed) continue
      if (hint && worker.id === hint.threadId) return worker.currentUsage < maxInFlight ? worker : null
      if (!best || worker.currentUsage < best.currentUsage) best = worker
    }
    return best && best.currentUsage < maxInFlight ? best : null
  }
}

/** Whether a run() rejection means the pool is saturated rather than that a worker died. */
function isQueueFull(error: unknown): boolean {
  return error instanceof Error && /queue is at limit|all Workers are busy/i.test(error.message)
}

/**
 * @example
 * const slots = await PiscinaSlotStore.start({ threads: 4 })
 * const links = createSlotlink({ keyring, slots })
 */
export class PiscinaSlotStore implements SlotStore {
  readonly #pool: Piscina<SlotRequest, SlotResponse>
  /** epoch → thread id of the live worker incarnation that owns it. */
  readonly #ownerByEpoch = new Map<string, number>()
  readonly #threads: number
  readonly #snapshotDir: string | null
  readonly #logger: Logger
  readonly #batcher: SlotBatcher
  readonly #maxPending: number
  /** Link requests submitted and not yet answered: the queue depth that matters to callers. */
  #pending = 0
  /**
   * Expiries each live worker last reported, by its epoch, and those of workers gone since: a
   * worker counts only its own, and the total is a Prometheus counter, which must not go down when
   * one is replaced. (What a worker saw after the last `stats()` before it crashed is not counted.)
   */
  readonly #expiredByEpoch = new Map<string, number>()
  #expiredByGoneWorkers = 0
  #closed = false
  /** Set by close(): requests that come after it answer `capacity`; those before it finish first. */
  #closing = false
  /** Resolves once #pending falls to 0 after close() began. */
  #drained: (() => void) | undefined

  private constructor(pool: Piscina<SlotRequest, SlotResponse>, threads: number, snapshotDir: string | null, logger: Logger, maxPending: number) {
    this.#maxPending = maxPending
    this.#pool = pool
    this.#threads = threads
    this.#snapshotDir = snapshotDir
    this.#logger = logger
    this.#batcher = new SlotBatcher(async (requests, threadId) => {
      const answer = await this.#run({ op: 'batch', requests }, threadId)
      if (answer.op !== 'batch' || answer.responses.length !== requests.length) throw new Error('slot worker answered a batch out of shape')
      return answer.responses
    })
  }

  static async start(options: PiscinaSlotStoreOptions = {}): Promise<PiscinaSlotStore> {
    const threads = options.threads ?? availableParallelism()
    const snapshotDir = options.snapshotDir ?? null
    const logger = options.logger ?? silentLogger
    if (snapshotDir) {
      const stale = removeStaleSnapshotFiles(snapshotDir)
      if (stale.length > 0) logger.warn({ event: 'snapshot_stale_removed', files: stale }, 'removed leftovers of an interrupted snapshot write or load')
    }
    const snapshotKeys = options.snapshotKeys ?? []
    if (snapshotDir && snapshotKeys.length === 0) throw new RangeError('snapshotDir needs snapshotKeys to seal and verify snapshots with')
    const waiting = snapshotDir ? listSnapshots(snapshotDir).length : 0
    const workerData: SlotWorkerConfig = {
      maxSlotsPerWorker: options.maxSlotsPerWorker ?? 2_000_000,
      snapshotDir,
      snapshotKeys,
      snapshotsPerWorker: Math.ceil(waiting / threads),
      reportClosed: options.onClosed !== undefined,
    }
    const pool = new Piscina<SlotRequest, SlotResponse>({
      filename: WORKER_URL.href,
      minThreads: threads,
      maxThreads: threads,
      // Workers hold state: an idle one must never be retired.
      idleTimeout: Infinity,
      atomics: 'async',
      // Pending requests are bounded by maxPending; this only bounds batches and bookkeeping tasks.
      maxQueue: 4096,
      loadBalancer: createOwnerRouter(options.maxInFlightPerWorker ?? 8),
      workerData,
      execArgv: typeScriptLoaderArgs(WORKER_URL),
    })
    const store = new PiscinaSlotStore(pool, threads, snapshotDir, logger, options.maxPending ?? 8192)
    const onClosed = options.onClosed
    if (onClosed) pool.on('message', (message: unknown) => isClosedReport(message) && onClosed(message.how, message.links))
    await store.#greetWorkers()
    if (snapshotDir) {
      // Every worker has claimed what it could; anything left must never be read later.
      const unclaimed = listSnapshots(snapshotDir)
      for (const name of unclaimed) rmSync(join(snapshotDir, name), { force: true })
      if (unclaimed.length > 0) logger.warn({ event: 'snapshot_unclaimed_removed', files: unclaimed }, 'snapshots no worker could adopt were removed')
    }
    return store
  }

  /**
   * Learns each worker's epoch from the announcement it posts as it starts, and forgets it when the
   * worker goes. (Asking with a routed task would not do: a worker that is still starting is not
   * yet among those the balancer can pick, so the question could be answered by another one.)
   */
  async #greetWorkers(): Promise<void> {
    const greeted = new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error('slot workers did not start in time')), STARTUP_TIMEOUT_MS)
      const announced = new Set<number>()
      this.#pool.on('message', (message: unknown) => {
        if (!isAnnouncement(message)) return
        for (const epoch of message.epochs) this.#ownerByEpoch.set(epoch, message.threadId)
        this.#logAnnouncement(message)
        announced.add(message.threadId)
        if (announced.size >= this.#threads) {
          clearTimeout(timeout)
          resolve()
        }
      })
    })
    this.#pool.on('workerDestroy', (worker: PiscinaWorker) => {
      // Forget the dead worker's epochs. Its thread id may already read -1 (terminated), or still be
      // its own (crashed): drop entries for that id, and for any thread no longer among the live ones.
      const live = new Set(this.#pool.threads.map((t) => t.threadId).filter((id) => id !== worker.id))
      for (const [epoch, threadId] of this.#ownerByEpoch) {
        if (live.has(threadId)) continue
        this.#ownerByEpoch.delete(epoch)
        this.#expiredByGoneWorkers += this.#expiredByEpoch.get(epoch) ?? 0
        this.#expiredByEpoch.delete(epoch)
      }
      if (!this.#closed) this.#logger.warn({ event: 'slot_worker_lost', epochs: this.#ownerByEpoch.size }, 'a slot worker stopped; its open links are lost and it is being replaced')
    })
    // A worker that dies with no task in flight surfaces here; its tasks' callers see their own errors.
    this.#pool.on('error', (error: unknown) => this.#logger.error({ event: 'slot_worker_error', error: String(error) }))
    await greeted
  }

  #logAnnouncement(message: SlotWorkerAnnouncement): void {
    for (const { file, reason } of message.refused) {
      this.#logger.warn({ event: 'snapshot_refused', file, reason }, 'a slot snapshot could not be used; its links are lost and the worker starts empty')
    }
    if (message.restored > 0 || message.droppedExpired > 0) {
      this.#logger.info({ event: 'snapshot_restored', worker: message.threadId, restored: message.restored, droppedExpired: message.droppedExpired })
    }
  }

  #run(request: SlotRequest, threadId?: number): Promise<SlotResponse> {
    const task = request as Routed
    if (threadId !== undefined) task[Piscina.queueOptionsSymbol] = { threadId }
    return this.#pool.run(task)
  }

  /** Hands a request to the batcher, or answers undefined (capacity) when too many are pending. */
  async #submit(request: BatchableRequest, threadId?: number): Promise<SlotResponse | undefined> {
    if (this.#closing || this.#pending >= this.#maxPending) return undefined
    return this.#track(() => this.#batcher.submit(request, threadId))
  }

  /** Counts a request as in flight until it settles, so close() can wait for it. */
  async #track<T>(work: () => Promise<T>): Promise<T> {
    this.#pending++
    try {
      return await work()
    } finally {
      if (--this.#pending === 0) this.#drained?.()
    }
  }

  async open(request: OpenRequest): Promise<OpenResult> {
    const { codeHash, purpose, subject, expiresAt, createdAtMs } = request
    const data = request.data ? JSON.stringify(request.data) : null
    const message: BatchableRequest = { op: 'open', purpose, subject, expiresAt, createdAtMs, codeHash, typedCodeHash: request.typedCodeHash ?? null, data }
    const opened = (answer: SlotResponse | undefined) => (answer?.op === 'open' && answer.handle ? answer.handle : undefined)
    let handle: Uint8Array | undefined
    try {
      handle = opened(await this.#submit(message))
    } catch (error) {
      // A worker that died mid-open opened nothing anyone knows of: trying another is safe.
      if (isQueueFull(error) || this.#closed) return CAPACITY
    }
    // Opens go to the least busy worker, not the emptiest: a full table is not the pool being full.
    for (const threadId of handle ? [] : new Set(this.#ownerByEpoch.values())) {
      try {
        handle = opened(await this.#submit(message, threadId))
      } catch {
        // That worker is gone too; try the next.
      }
      if (handle) break
    }
    return handle ? { ok: true, handle } : CAPACITY
  }

  peek(handle: Uint8Array, codeHash: Uint8Array, purpose: string): Promise<SlotResult> {
    return this.#askOwner({ op: 'peek', handle, codeHash, purpose })
  }

  consume(handle: Uint8Array, codeHash: Uint8Array, options: UseOptions): Promise<SlotResult> {
    return this.#askOwner({ op: 'consume', handle, codeHash, purpose: options.purpose, keyHash: options.idempotencyKeyHash ?? null })
  }

  redeem(handle: Uint8Array, typedCodeHash: Uint8Array, options: UseOptions): Promise<SlotResult> {
    return this.#askOwner({ op: 'redeem', handle, typedCodeHash, purpose: options.purpose, keyHash: options.idempotencyKeyHash ?? null })
  }

  revoke(handle: Uint8Array, codeHash: Uint8Array): Promise<SlotResult> {
    return this.#askOwner({ op: 'revoke', handle, codeHash })
  }

  async #askOwner(request: Extract<BatchableRequest, { handle: Uint8Array }>): Promise<SlotResult> {
    const decoded = decodeHandle(request.handle)
    const owner = decoded && this.#ownerByEpoch.get(decoded.epoch)
    // No live worker has this epoch: the slot died with its worker. Answer now, ask no one.
    if (owner === undefined) return LOST
    try {
      const answer = await this.#submit(request, owner)
      if (answer === undefined) return CAPACITY
      return answer.op === 'slot' ? fromOutcome(answer.outcome) : LOST
    } catch (error) {
      // A full queue is a reason to come back; a worker that died mid-request took the slot with it.
      return isQueueFull(error) ? CAPACITY : LOST
    }
  }

  async revokeSubject(subject: string, purpose?: string, options: Omit<RevokeSubjectOptions, 'purpose'> = {}): Promise<RevokedLinks> {
    const request: SlotRequest = { op: 'revokeSubject', subject, purpose: purpose ?? null, reason: options.reason ?? 'revoked', except: options.except ?? null }
    // Nothing can be revoked once close() began: the slots are on their way into a snapshot.
    if (this.#closing) return { count: 0, links: [] }
    const answers = await this.#track(() => this.#everyWorker(request))
    const links = answers.flatMap((a) => (a.op === 'revoked' ? a.links : []))
    return { count: links.length, links }
  }

  async revokeById(subject: string, id: string): Promise<ClosedLink | undefined> {
    const answers = await this.#everyWorker({ op: 'revokeById', subject, id })
    return answers.flatMap((a) => (a.op === 'revoked' ? a.links : []))[0]
  }

  async list(subject: string, purpose?: string): Promise<ListedSlot[]> {
    const answers = await this.#everyWorker({ op: 'list', subject, purpose: purpose ?? null })
    const links = answers.flatMap((a) => (a.op === 'list' ? a.links : []))
    return links.sort((a, b) => b.createdAtMs - a.createdAtMs)
  }

  async stats(): Promise<SlotStats> {
    const answers = await this.#everyWorker({ op: 'stats' })
    const stats = answers.flatMap((a) => (a.op === 'stats' ? [a] : []))
    // An answer from a worker that has died since it sent it would count that worker twice.
    for (const w of stats) if (this.#ownerByEpoch.has(w.epoch)) this.#expiredByEpoch.set(w.epoch, Math.max(w.expired, this.#expiredByEpoch.get(w.epoch) ?? 0))
    let expired = this.#expiredByGoneWorkers
    for (const count of this.#expiredByEpoch.values()) expired += count
    return {
      open: stats.reduce((sum, w) => sum + w.open, 0),
      tombstones: stats.reduce((sum, w) => sum + w.tombstones, 0),
      expired,
      queued: this.#pending,
      perOwner: stats.map((w) => ({ owner: w.epoch, open: w.open, tombstones: w.tombstones, heapBytes: w.heapUsed })),
    }
  }

  /** Asks every live worker; a worker that dies meanwhile contributes nothing (its slots are gone). */
  async #everyWorker(request: SlotRequest): Promise<SlotResponse[]> {
    const owners = [...new Set(this.#ownerByEpoch.values())]
    const settled = await Promise.allSettled(owners.map((threadId) => this.#run({ ...request }, threadId)))
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  }

  /** Worker threads, for tests and operations (e.g. to see that a dead one was replaced). */
  get threads(): readonly import('node:worker_threads').Worker[] {
    return this.#pool.threads
  }

  /** The live worker thread that owns an epoch, if any (for operations and tests). */
  workerFor(epoch: string): import('node:worker_threads').Worker | undefined {
    const threadId = this.#ownerByEpoch.get(epoch)
    return this.#pool.threads.find((t) => t.threadId === threadId)
  }

  /** Epochs of the live workers. */
  get epochs(): readonly string[] {
    return [...this.#ownerByEpoch.keys()]
  }

  /** Link requests waiting for, or being served by, a worker. */
  get queueSize(): number {
    return this.#pending
  }

  /**
   * Stops the workers: requests from now on answer `capacity`, those already in flight finish, and
   * only then, with a snapshot folder, does each worker write its open slots there for the next
   * start. In that order a link used during the close is never in the snapshot, so no link can be
   * used twice across a close and a restart.
   */
  async close(): Promise<void> {
    if (this.#closing) return this.#closedPromise
    this.#closing = true
    this.#closedPromise = this.#stop()
    return this.#closedPromise
  }

  #closedPromise: Promise<void> = Promise.resolve()

  async #stop(): Promise<void> {
    if (this.#pending > 0) await new Promise<void>((resolve) => (this.#drained = resolve))
    this.#closed = true
    if (this.#snapshotDir) {
      const answers = await this.#everyWorker({ op: 'snapshot' })
      const saved = answers.reduce((sum, a) => sum + (a.op === 'count' ? a.count : 0), 0)
      this.#logger.info({ event: 'snapshot_written', slots: saved, workers: answers.length })
    }
    await this.#pool.close()
  }
}

function fromOutcome(outcome: SlotOutcome): SlotResult {
  switch (outcome.kind) {
    case 'ok':
      return outcome.replayed ? { ok: true, slot: fromView(outcome.slot), replayed: true } : { ok: true, slot: fromView(outcome.slot) }
    case 'used':
      return {
        ok: false,
        reason: 'used',
        used: outcome.at === null ? { reason: outcome.reason } : { reason: outcome.reason, at: outcome.at },
        ...(outcome.closedNow && { closedNow: true }),
        ...(outcome.subject !== undefined && { subject: outcome.subject }),
      }
    case 'wrong_code':
      return { ok: false, reason: 'wrong_code', attemptsLeft: outcome.attemptsLeft, subject: outcome.subject }
    case 'invalid':
      return { ok: false, reason: 'invalid' }
  }
}

function fromView(view: SlotView) {
  return { purpose: view.purpose, subject: view.subject, expiresAt: view.expiresAt, data: view.data === null ? null : JSON.parse(view.data) }
}

