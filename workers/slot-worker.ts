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
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { parentPort, threadId, workerData } from 'node:worker_threads'
import { CODE_HASH_BYTES } from '../src/core/limits.ts'
import { linkIdFromDigest, linkIdInput } from '../src/core/link-id.ts'
import { sha256 } from '../src/node/sha256.ts'
import {
  decodeHandle,
  encodeHandle,
  EPOCH_BYTES,
  epochKey,
  type ClosedLinksReport,
  type SlotRequest,
  type SlotResponse,
  type SlotWorkerAnnouncement,
  type SlotWorkerConfig,
} from '../src/node/slot-protocol.ts'
import { ExpiringTable } from './expiring-table.ts'
import { claimSnapshots } from '../src/node/snapshot-files.ts'
import { readAndRemoveSnapshot, writeSnapshot } from './slot-snapshot.ts'
import { SlotTable } from './slot-table.ts'

const config = workerData as SlotWorkerConfig
const nowSeconds = () => Math.floor(Date.now() / 1000)
const newTable = (tableEpoch: Uint8Array) =>
  new ExpiringTable(new SlotTable({ maxSlots: config.maxSlotsPerWorker, codeHashBytes: CODE_HASH_BYTES }), Date.now, config.reportClosed ? (expired) => reportClosed('expired', tableEpoch, expired) : undefined)

type ClosedSlot = { address: { index: number; generation: number }; fields: { purpose: string; subject: string } }

/** Tells the pool which links closed on their own or by subject, by public id (computed here: the worker knows the handles). */
function reportClosed(how: ClosedLinksReport['how'], tableEpoch: Uint8Array, closed: ClosedSlot[]) {
  const links = closed.map(({ address, fields }) => ({
    id: linkIdFromDigest(sha256(linkIdInput(encodeHandle(tableEpoch, address.index, address.generation)))),
    purpose: fields.purpose,
    subject: fields.subject,
  }))
  parentPort?.postMessage({ type: 'slotlink:closed', how, links } satisfies ClosedLinksReport)
}

const epoch = randomBytes(EPOCH_BYTES)
const ownEpoch = epochKey(epoch)
const own = newTable(epoch)
/** Every table this worker serves, by epoch: its own, and any adopted from snapshots. */
const tables = new Map<string, ExpiringTable>([[ownEpoch, own]])

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
    const adopted = tables.get(read.epoch) ?? newTable(Buffer.from(read.epoch, 'hex'))
    for (const { address, fields, codeHash } of read.entries) if (adopted.table.restore(address, fields, codeHash)) announcement.restored++
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
  return table ? { table: table.table, address: decoded } : undefined
}

export default function handleSlotRequest(request: SlotRequest): SlotResponse {
  switch (request.op) {
    case 'batch':
      return { op: 'batch', responses: request.requests.map(handleSlotRequest) }
    case 'open': {
      const { purpose, subject, data, expiresAt, codeHash } = request
      const address = own.table.open({ purpose, subject, data, expiresAt }, codeHash)
      if (!address) return { op: 'open', handle: null }
      own.schedule()
      return { op: 'open', handle: encodeHandle(epoch, address.index, address.generation) }
    }
    case 'peek':
    case 'consume':
    case 'revoke': {
      const found = tableFor(request.handle)
      if (!found) return { op: 'slot', slot: null }
      const { table, address } = found
      const slot = request.op === 'peek' ? table.find(address, request.codeHash, nowSeconds()) : table.take(address, request.codeHash, nowSeconds())
      return { op: 'slot', slot: slot ?? null }
    }
    case 'revokeSubject': {
      let count = 0
      for (const [tableEpoch, { table }] of tables) {
        const revoked: ClosedSlot[] = []
        count += table.revokeSubject(request.subject, request.purpose ?? undefined, config.reportClosed ? (address, fields) => revoked.push({ address, fields }) : undefined)
        if (revoked.length > 0) reportClosed('revoked', Buffer.from(tableEpoch, 'hex'), revoked)
      }
      return { op: 'count', count }
    }
    case 'stats': {
      let open = 0
      let expired = 0
      for (const t of tables.values()) {
        open += t.table.size
        expired += t.expired
      }
      // heapUsed is this worker's own V8 heap (per isolate), not the process's.
      return { op: 'stats', epoch: ownEpoch, open, expired, heapUsed: process.memoryUsage().heapUsed }
    }
    case 'snapshot': {
      // The last request a worker gets: the pool sends it after the server stopped taking requests.
      if (!config.snapshotDir) return { op: 'count', count: 0 }
      mkdirSync(config.snapshotDir, { recursive: true, mode: 0o700 })
      let count = 0
      for (const [tableEpoch, t] of tables) {
        t.stop()
        if (t.table.size > 0) count += writeSnapshot(config.snapshotDir, tableEpoch, t.table.entries(), nowSeconds(), config.snapshotKeys[0]!)
      }
      return { op: 'count', count }
    }
  }
}
