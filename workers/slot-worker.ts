/**
 * The worker side of the Node slot store: a piscina worker that owns tables of slots.
 *
 * Each incarnation of a worker draws a random epoch and puts it in every handle it gives out.
 * A request carrying an epoch this worker does not hold was meant for a predecessor that died with
 * its slots, so it is answered `used` (slot: null) rather than looked up: a replacement never
 * honours, or mis-reads, a handle it did not issue.
 *
 * At start a worker may also adopt tables from snapshots written at the last graceful stop; it
 * keeps serving those under their old epochs (so links minted before a deploy still work, once)
 * but opens new slots only in its own.
 *
 * Runs with piscina's `atomics: 'async'`: with the default 'sync', an idle worker parks in
 * Atomics.wait and its expiry timers would not fire until the next request.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { parentPort, threadId, workerData } from 'node:worker_threads'
import { CODE_HASH_BYTES } from '../src/core/limits.ts'
import { linkIdFromDigest, linkIdInput } from '../src/core/link-id.ts'
import {
  decodeHandle,
  encodeHandle,
  EPOCH_BYTES,
  epochKey,
  type ClosedLinksReport,
  type SlotOutcome,
  type SlotRequest,
  type SlotResponse,
  type SlotWorkerAnnouncement,
  type SlotWorkerConfig,
} from '../src/node/slot-protocol.ts'
import { ExpiringTable } from './expiring-table.ts'
import { claimSnapshots } from '../src/node/snapshot-files.ts'
import { readAndRemoveSnapshot, writeSnapshot } from './slot-snapshot.ts'
import { SlotLedger } from './slot-ledger.ts'
import { SlotTable, type SlotAddress } from './slot-table.ts'

const config = workerData as SlotWorkerConfig
const nowSeconds = () => Math.floor(Date.now() / 1000)
const newTable = (tableEpoch: string) =>
  new ExpiringTable(
    new SlotLedger(new SlotTable({ maxSlots: config.maxSlotsPerWorker, codeHashBytes: CODE_HASH_BYTES })),
    Date.now,
    config.reportClosed ? (expired) => reportExpired(tableEpoch, expired) : undefined,
  )
const UNKNOWN: SlotOutcome = { kind: 'used', reason: 'unknown', at: null, closedNow: false }

const epoch = randomBytes(EPOCH_BYTES)
const ownEpoch = epochKey(epoch)
const own = newTable(ownEpoch)
/** Every table this worker serves, by epoch: its own, and any adopted from snapshots. */
const tables = new Map<string, ExpiringTable<SlotLedger>>([[ownEpoch, own]])

/** A slot's public id, as link-id.ts defines it: computed from the handle, so no table of ids is kept. */
function idFor(tableEpoch: string) {
  const epochBytes = Buffer.from(tableEpoch, 'hex')
  return (address: SlotAddress) => linkIdFromDigest(createHash('sha256').update(linkIdInput(encodeHandle(epochBytes, address.index, address.generation))).digest())
}

/**
 * Tells the pool which links their timer closed, by public id: only this side sees an expiry, and
 * a `link.expired` event says no more than id, purpose and subject. (Revokes are reported by the
 * link service, which hears each closed id in the answer.)
 */
function reportExpired(tableEpoch: string, expired: { address: SlotAddress; fields: { purpose: string; subject: string } }[]) {
  const idOf = idFor(tableEpoch)
  const links = expired.map(({ address, fields }) => ({ id: idOf(address), purpose: fields.purpose, subject: fields.subject }))
  parentPort?.postMessage({ type: 'slotlink:closed', how: 'expired', links } satisfies ClosedLinksReport)
}

const announcement: SlotWorkerAnnouncement = { type: 'slotlink:worker-ready', threadId, epochs: [ownEpoch], restored: 0, droppedExpired: 0, refused: [] }
if (config.snapshotDir) adoptSnapshots(config.snapshotDir)
parentPort?.postMessage(announcement)

function adoptSnapshots(dir: string): void {
  for (const path of claimSnapshots(dir, config.snapshotsPerWorker, threadId)) {
    const read = readAndRemoveSnapshot(path, nowSeconds(), config.snapshotKeys)
    if (!read.ok) {
      announcement.refused.push({ file: path.replace(/\.claimed-\d+$/, ''), reason: read.reason })
      continue
    }
    const adopted = tables.get(read.epoch) ?? newTable(read.epoch)
    for (const { address, fields, codeHash, extras } of read.entries) if (adopted.table.slots.restore(address, fields, codeHash, extras)) announcement.restored++
    for (const { address, tombstone, replay } of read.tombstones) adopted.table.restoreTombstone(address, tombstone, replay)
    announcement.droppedExpired += read.droppedExpired
    adopted.schedule()
    if (!tables.has(read.epoch)) {
      tables.set(read.epoch, adopted)
      announcement.epochs.push(read.epoch)
    }
  }
}

function tableFor(handle: Uint8Array) {
  const decoded = decodeHandle(handle)
  const table = decoded && tables.get(decoded.epoch)
  return table ? { table, address: decoded } : undefined
}

export default function handleSlotRequest(request: SlotRequest): SlotResponse {
  switch (request.op) {
    case 'batch':
      return { op: 'batch', responses: request.requests.map(handleSlotRequest) }
    case 'open': {
      const { purpose, subject, data, expiresAt, codeHash, typedCodeHash, createdAtMs } = request
      const address = own.table.open({ purpose, subject, data, expiresAt }, codeHash, { typedCodeHash, createdAtMs, attempts: 0 })
      if (!address) return { op: 'open', handle: null }
      own.schedule()
      return { op: 'open', handle: encodeHandle(epoch, address.index, address.generation) }
    }
    case 'peek':
    case 'consume':
    case 'redeem':
    case 'revoke': {
      const found = tableFor(request.handle)
      // Not an epoch of this worker: the slot died with a predecessor, and nothing is known of it.
      if (!found) return { op: 'slot', outcome: UNKNOWN }
      const { table, address } = found
      const ledger = table.table
      const now = nowSeconds()
      let outcome: SlotOutcome
      if (request.op === 'peek') outcome = ledger.peek(address, request.codeHash, request.purpose, now)
      else if (request.op === 'consume') outcome = ledger.consume(address, request.codeHash, request.purpose, request.keyHash, now)
      else if (request.op === 'redeem') outcome = ledger.redeem(address, request.typedCodeHash, request.purpose, request.keyHash, now)
      else outcome = ledger.revoke(address, request.codeHash, now)
      // A new tombstone may expire sooner than the timer is set for (a slot's own expiry is never sooner).
      if (request.op !== 'peek') table.schedule()
      return { op: 'slot', outcome }
    }
    case 'revokeSubject': {
      const except = request.except ? decodeHandle(request.except) : undefined
      const links: { id: string; purpose: string }[] = []
      for (const [tableEpoch, t] of tables) {
        const idOf = idFor(tableEpoch)
        const spared = except?.epoch === tableEpoch ? except : undefined
        t.table.revokeSubject(request.subject, request.purpose ?? undefined, request.reason, spared, nowSeconds(), (address, purpose) => links.push({ id: idOf(address), purpose }))
        t.schedule()
      }
      return { op: 'revoked', links }
    }
    case 'revokeById': {
      for (const [tableEpoch, t] of tables) {
        const purpose = t.table.revokeById(request.subject, request.id, idFor(tableEpoch), nowSeconds())
        if (purpose === undefined) continue
        t.schedule()
        return { op: 'revoked', links: [{ id: request.id, purpose }] }
      }
      return { op: 'revoked', links: [] }
    }
    case 'list': {
      const links = [...tables].flatMap(([tableEpoch, t]) => t.table.list(request.subject, request.purpose ?? undefined, idFor(tableEpoch), nowSeconds()))
      return { op: 'list', links }
    }
    case 'stats': {
      let open = 0
      let tombstones = 0
      let expired = 0
      for (const t of tables.values()) {
        open += t.table.slots.size
        tombstones += t.table.tombstones.size
        expired += t.expired
      }
      // heapUsed is this worker's own V8 heap (per isolate), not the process's.
      return { op: 'stats', epoch: ownEpoch, open, tombstones, expired, heapUsed: process.memoryUsage().heapUsed }
    }
    case 'snapshot': {
      // The last request a worker gets: the pool sends it after the server stopped taking requests.
      if (!config.snapshotDir) return { op: 'count', count: 0 }
      mkdirSync(config.snapshotDir, { recursive: true })
      let count = 0
      for (const [tableEpoch, t] of tables) {
        t.stop()
        const ledger = t.table
        if (ledger.slots.size > 0 || ledger.tombstones.size > 0) {
          count += writeSnapshot(config.snapshotDir, tableEpoch, ledger.slots.entries(), nowSeconds(), config.snapshotKeys[0]!, ledger.tombstoneEntries())
        }
      }
      return { op: 'count', count }
    }
  }
}
