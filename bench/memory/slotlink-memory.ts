/**
 * Bytes per open link through the library: RSS of a process running createSlotlink() before and
 * after opening N links (subject `user-<n>`, no data, TTL 1 h), each time after a full garbage
 * collection in the main thread and in every slot worker. Prints one JSON line.
 *
 * "Before" is taken after a warm-up of N/20 links (left open, and not counted). The first links
 * a process opens grow its V8 heaps to their working size under load: the main thread's heap
 * alone grew by 17 MB in the first seconds of a run of a million, and kept that size after a
 * full collection. That is the cost of a busy process, paid once, as Redis's used_memory and
 * Postgres's relation size leave out their servers' own; an RSS difference from a cold start
 * would spread it over the links. The cold figure is printed too (`bytesPerLinkFromCold`).
 *
 *   node --expose-gc --import tsx bench/memory/slotlink-memory.ts 1000000
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { createSlotlink, PiscinaSlotStore } from '../../src/node/index.ts'
import { collectGarbageInWorkers } from './worker-gc.ts'

const LINKS = Number(process.argv[2] ?? 1_000_000)
const CONCURRENCY = 256
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')

/** Opened, and left open, before the baseline is taken (see above). */
const WARMUP_LINKS = Math.ceil(LINKS / 20)
const slots = await PiscinaSlotStore.start({ maxSlotsPerWorker: LINKS + WARMUP_LINKS + 1000 })
const slotlink = await createSlotlink({ slots })

async function collectEverywhere(): Promise<number> {
  if ((await collectGarbageInWorkers()) === 0) throw new Error('found no slot worker to collect garbage in')
  gc!()
  gc!()
  await sleep(500)
  return process.memoryUsage.rss()
}

/** Opens `count` links, subjects `<prefix><n>`, CONCURRENCY at a time. */
async function open(count: number, prefix: string): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const n = next++
        const issued = await slotlink.issue({ purpose: 'reset_password', subject: `${prefix}${n}`, ttl: 3600 })
        if (!issued.ok) throw new Error(`issue ${n} failed: ${issued.reason}`)
      }
    }),
  )
}

const cold = await collectEverywhere()
await open(WARMUP_LINKS, 'warm-up-')
const before = await collectEverywhere()
const started = performance.now()
await open(LINKS, 'user-')
const seconds = (performance.now() - started) / 1000
const after = await collectEverywhere()
const stats = await slots.stats()
process.stdout.write(
  JSON.stringify({
    links: LINKS,
    open: stats.open - WARMUP_LINKS,
    rssCold: cold,
    rssBefore: before,
    rssAfter: after,
    bytesPerLink: (after - before) / LINKS,
    bytesPerLinkFromCold: (after - cold) / (LINKS + WARMUP_LINKS),
    issuePerSecond: LINKS / seconds,
  }) + '\n',
)
await slotlink.close()
