/**
 * Bytes per open link (with a typed code) and per tombstone in one slot worker's data structures,
 * without the pool around them: a SlotLedger in this thread, RSS after a full collection. It
 * separates what the structures cost from what a run through the whole service adds (V8 heaps
 * grown under load, messages in flight), which slotlink-memory.ts measures.
 *
 * Opens N links with codes (measured: per open link), revokes them one by one (N tombstones),
 * then opens N more (measured again: the difference is per tombstone).
 *
 *   node --expose-gc --import tsx bench/memory/ledger-memory.ts 1000000
 */
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { SlotLedger } from '../../workers/slot-ledger.ts'
import { SlotTable, type SlotAddress } from '../../workers/slot-table.ts'

const LINKS = Number(process.argv[2] ?? 1_000_000)
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')
const NOW = Math.floor(Date.now() / 1000)

async function rss(): Promise<number> {
  gc!()
  gc!()
  await sleep(200)
  return process.memoryUsage.rss()
}

const ledger = new SlotLedger(new SlotTable({ maxSlots: 2 * LINKS + 10, codeHashBytes: 16 }))
// Random bytes drawn once and sliced: drawing per link would measure the allocator, not the ledger.
const pool = randomBytes(1 << 16)
const hashAt = (n: number, length: number) => pool.subarray((n * 7) % (pool.length - length), ((n * 7) % (pool.length - length)) + length)
/** Opens `count` links; on a fresh table they take indexes 0…count-1 (generation 0), so no address is kept here. */
function open(count: number, prefix: string): void {
  for (let n = 0; n < count; n++) {
    const fields = { purpose: 'reset_password', subject: `${prefix}${n}`, data: null, expiresAt: NOW + 3600 }
    if (!ledger.open(fields, hashAt(n, 16), { typedCodeHash: hashAt(n + 1, 8), attempts: 0, createdAtMs: NOW * 1000 })) throw new Error('table full')
  }
}

const base = await rss()
open(LINKS, 'user-')
const withOpen = await rss()
for (let n = 0; n < LINKS; n++) {
  if (ledger.revoke({ index: n, generation: 0 }, hashAt(n, 16), NOW).kind !== 'ok') throw new Error(`could not revoke ${n}`)
}
open(LINKS, 'again-')
const withTombstones = await rss()
if (ledger.slots.size !== LINKS || ledger.tombstones.size !== LINKS) throw new Error('counts are off')
process.stdout.write(
  JSON.stringify({
    links: LINKS,
    bytesPerOpenLinkWithCode: (withOpen - base) / LINKS,
    bytesPerTombstone: (withTombstones - withOpen) / LINKS,
  }) + '\n',
)
