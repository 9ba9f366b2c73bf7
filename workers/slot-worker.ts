/**
 * The worker side of the Node slot store: a piscina worker that owns a table of slots.
 *
 * Each incarnation of a worker draws a random epoch and puts it in every handle it gives out.
 * A request carrying another epoch was meant for a predecessor that died with its slots, so it
 * is answered `used` (slot: null) rather than looked up: a replacement never honours, or
 * mis-reads, a handle it did not issue.
 *
 * Runs with piscina's `atomics: 'async'`: with the default 'sync', an idle worker parks in
 * Atomics.wait and its expiry timer would not fire until the next request.
 */
import { randomBytes } from 'node:crypto'
import { parentPort, threadId, workerData } from 'node:worker_threads'
import { SlotTable } from './slot-table.ts'
import {
  decodeHandle,
  encodeHandle,
  EPOCH_BYTES,
  epochKey,
  type SlotRequest,
  type SlotResponse,
  type SlotWorkerAnnouncement,
  type SlotWorkerConfig,
} from '../src/node/slot-protocol.ts'
import { CODE_HASH_BYTES } from '../src/core/limits.ts'

const config = workerData as SlotWorkerConfig
const epoch = randomBytes(EPOCH_BYTES)
const epochHex = epochKey(epoch)
const table = new SlotTable({ maxSlots: config.maxSlotsPerWorker, codeHashBytes: CODE_HASH_BYTES })

const nowSeconds = () => Math.floor(Date.now() / 1000)

/**
 * One timer for the whole table, set for the soonest expiry: slots free themselves on time with
 * no traffic and no sweeper job, at the cost of one timer rather than one per slot.
 */
let timer: NodeJS.Timeout | undefined
let timerDue = Infinity
const MAX_TIMER_MS = 2 ** 31 - 1

function scheduleExpiry(): void {
  const next = table.nextExpiry()
  if (next === undefined || next >= timerDue) return
  if (timer) clearTimeout(timer)
  timerDue = next
  timer = setTimeout(onTimer, Math.min(Math.max(0, next * 1000 - Date.now()), MAX_TIMER_MS))
}

function onTimer(): void {
  timer = undefined
  timerDue = Infinity
  table.expire(nowSeconds())
  scheduleExpiry()
}

function lookUp(handle: Uint8Array) {
  const decoded = decodeHandle(handle)
  return decoded && decoded.epoch === epochHex ? decoded : undefined
}

const announcement: SlotWorkerAnnouncement = { type: 'slotlink:worker-ready', epoch: epochHex, threadId, restored: 0 }
parentPort?.postMessage(announcement)

export default function handleSlotRequest(request: SlotRequest): SlotResponse {
  switch (request.op) {
    case 'open': {
      const { purpose, subject, data, expiresAt, codeHash } = request
      const address = table.open({ purpose, subject, data, expiresAt }, codeHash)
      if (!address) return { op: 'open', handle: null }
      scheduleExpiry()
      return { op: 'open', handle: encodeHandle(epoch, address.index, address.generation) }
    }
    case 'peek':
    case 'consume':
    case 'revoke': {
      const address = lookUp(request.handle)
      if (!address) return { op: 'slot', slot: null }
      const slot =
        request.op === 'peek'
          ? table.find(address, request.codeHash, nowSeconds())
          : table.take(address, request.codeHash, nowSeconds())
      return { op: 'slot', slot: slot ?? null }
    }
    case 'revokeSubject':
      return { op: 'count', count: table.revokeSubject(request.subject, request.purpose ?? undefined) }
    case 'stats':
      return { op: 'stats', epoch: epochHex, open: table.size }
    case 'snapshot':
      return { op: 'count', count: 0 }
  }
}
