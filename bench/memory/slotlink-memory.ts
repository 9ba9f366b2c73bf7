/**
 * Bytes per open link, and per tombstone, through the library: RSS of a process running
 * createSlotlink(), each time after a full garbage collection in the main thread and in every
 * slot worker. Prints one JSON line.
 *
 * Open links: N links opened (subject `user-<n>`, no data, TTL 1 h) and left open; the figure is
 * the RSS difference divided by N.
 *
 * Tombstones (`--tombstones`): N links issued and consumed at once, as a user's links are (the
 * token is never kept), each leaving its tombstone until its expiry an hour later; the figure is
 * the RSS difference divided by N. Then the N open links are opened on top, and measured again:
 * the open-link figure is then taken with a million tombstones beside it.
 *
 * "Before" is taken after a warm-up of N/20 links left open and, with `--tombstones`, N/20
 * issued and consumed (not counted). The first links a process opens grow its V8 heaps to their
 * working size under load: a worker's young generation grows from 8 to 32 MB under a stream of
 * requests, and keeps that size after a full collection. That is the cost of a busy process, paid
 * once, as Redis's used_memory and Postgres's relation size leave out their servers' own; an RSS
 * difference from a cold start would spread it over the links. The cold figure is printed too
 * (`bytesPerLinkFromCold`), and so is every V8 heap's size at each step (`heaps`), so a figure
 * that moved can be told apart from a heap that grew.
 *
 * `--code` mints every link with a typed code.
 *
 *   node --expose-gc --import tsx bench/memory/slotlink-memory.ts 1000000 [--code] [--tombstones]
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { getHeapStatistics } from 'node:v8'
import { createSlotlink, PiscinaSlotStore } from '../../src/node/index.ts'
import { collectGarbageInWorkers } from './worker-gc.ts'

const LINKS = Number(process.argv[2] ?? 1_000_000)
const WITH_CODE = process.argv.includes('--code')
const WITH_TOMBSTONES = process.argv.includes('--tombstones')
const CONCURRENCY = 256
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')

/** Opened (and, with --tombstones, used) before the baseline is taken (see above). */
const WARMUP_LINKS = Math.ceil(LINKS / 20)
const slots = await PiscinaSlotStore.start({ maxSlotsPerWorker: LINKS + WARMUP_LINKS + 1000 })
const slotlink = await createSlotlink({ slots })
const heaps: Record<string, { main: number; workers: number }> = {}

/** RSS after a full collection everywhere; notes the V8 heaps' committed size under `step`. */
async function collectEverywhere(step: string): Promise<number> {
  const workerHeaps = await collectGarbageInWorkers()
  if (workerHeaps.length === 0) throw new Error('found no slot worker to collect garbage in')
  gc!()
  gc!()
  await sleep(500)
  heaps[step] = { main: getHeapStatistics().total_heap_size, workers: workerHeaps.reduce((sum, h) => sum + h.totalSize, 0) }
  return process.memoryUsage.rss()
}

/** Issues `count` links, subjects `<prefix><n>`, CONCURRENCY at a time; `consume`: each is used at once. */
async function issue(count: number, prefix: string, consume: boolean): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const n = next++
        const issued = await slotlink.issue({ purpose: 'reset_password', subject: `${prefix}${n}`, ttl: 3600, code: WITH_CODE })
        if (!issued.ok) throw new Error(`issue ${n} failed: ${issued.reason}`)
        if (!consume) continue
        const used = await slotlink.consume(issued.token, { purpose: 'reset_password' })
        if (!used.ok) throw new Error(`consume ${n} failed: ${used.reason}`)
      }
    }),
  )
}

const cold = await collectEverywhere('cold')
await issue(WARMUP_LINKS, 'warm-up-', false)
if (WITH_TOMBSTONES) await issue(WARMUP_LINKS, 'warm-up-used-', true)
const before = await collectEverywhere('before')
let withTombstones: number | undefined
if (WITH_TOMBSTONES) {
  await issue(LINKS, 'used-', true)
  withTombstones = await collectEverywhere('tombstones')
}
const started = performance.now()
await issue(LINKS, 'user-', false)
const seconds = (performance.now() - started) / 1000
const after = await collectEverywhere('after')
const stats = await slots.stats()
const base = withTombstones ?? before
process.stdout.write(
  JSON.stringify({
    links: LINKS,
    code: WITH_CODE,
    open: stats.open - WARMUP_LINKS,
    tombstones: (stats.tombstones ?? 0) - (WITH_TOMBSTONES ? WARMUP_LINKS : 0),
    rssCold: cold,
    rssBefore: before,
    rssWithTombstones: withTombstones,
    rssAfter: after,
    bytesPerLink: (after - base) / LINKS,
    bytesPerTombstone: withTombstones === undefined ? undefined : (withTombstones - before) / LINKS,
    bytesPerLinkFromCold: (after - cold) / (LINKS + WARMUP_LINKS),
    issuePerSecond: LINKS / seconds,
    heaps,
  }) + '\n',
)
await slotlink.close()
