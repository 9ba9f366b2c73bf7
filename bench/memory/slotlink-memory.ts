/**
 * Bytes per open link through the library: RSS of a process running createSlotlink() before and
 * after opening N links (subject `user-<n>`, no data, TTL 1 h), each time after a full garbage
 * collection in the main thread and in every slot worker. Prints one JSON line.
 *
 *   node --expose-gc --import tsx bench/memory/slotlink-memory.ts 1000000
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { createSlotlink } from '../../src/node/index.ts'
import { collectGarbageInWorkers } from './worker-gc.ts'

const LINKS = Number(process.argv[2] ?? 1_000_000)
const CONCURRENCY = 256
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')

const slotlink = await createSlotlink({ slots: { maxSlotsPerWorker: LINKS + 1000 } })

async function collectEverywhere(): Promise<number> {
  if ((await collectGarbageInWorkers()) === 0) throw new Error('found no slot worker to collect garbage in')
  gc!()
  gc!()
  await sleep(500)
  return process.memoryUsage.rss()
}

const before = await collectEverywhere()
let next = 0
const started = performance.now()
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < LINKS) {
      const n = next++
      const issued = await slotlink.issue({ purpose: 'reset_password', subject: `user-${n}`, ttl: 3600 })
      if (!issued.ok) throw new Error(`issue ${n} failed: ${issued.reason}`)
    }
  }),
)
const seconds = (performance.now() - started) / 1000
const after = await collectEverywhere()
const stats = await slotlink.slots.stats()
process.stdout.write(JSON.stringify({ links: LINKS, open: stats.open, rssBefore: before, rssAfter: after, bytesPerLink: (after - before) / LINKS, issuePerSecond: LINKS / seconds }) + '\n')
await slotlink.close()
