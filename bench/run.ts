/**
 * `npm run bench`: slotlink against the designs users would otherwise pick (a Redis key with a
 * TTL, a Postgres tokens table) and against the ceiling (the same HTTP app storing nothing), each
 * server in its own process; then memory per open link and rates as the number of open links grows.
 * Prints one table and writes bench/results/latest.json and latest.svg. See bench/options.ts for flags.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus, release, totalmem } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { joinSlices, measure, prime, type LoadSettings, type Measurement } from './load.ts'
import { measurePaced } from './paced.ts'
import { drainWebhooks, webhookCounts, webhookPhase } from './helpers/webhook-drain.ts'
import { postgresBytesPerLink, redisBytesPerLink } from './memory/store-memory.ts'
import { parseOptions, type BenchOptions, type ServerName } from './options.ts'
import { renderSvg, renderText, type BenchResults, type Row } from './report.ts'
import { consumeForged, consumeFresh, forgedAnswers, mint, mintThenConsume, TokenPool } from './scenarios.ts'
import { startPrefilled, startTarget, type Target } from './targets.ts'
import { COMPILED_ENTRY, measureStartup } from './startup.ts'

/** Tokens to mint ahead of a consume window: its expected rate × its length, with room to spare. */
const POOL_MARGIN = 2.5

const started = performance.now()
const log = (line: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1)}s] ${line}\n`)

/**
 * Mints the tokens a consume window will use: a flat-out window's rate is a guess, so with room to
 * spare; a paced one sends exactly rate × (warm-up + duration), a little room is enough.
 */
async function tokensFor(target: Target, pool: TokenPool, rate: number, mintRate: number, settings: LoadSettings, paced: boolean): Promise<void> {
  const seconds = (paced ? pacedWarmupSeconds(settings) : settings.warmupSeconds) + settings.durationSeconds
  const needed = paced ? Math.ceil(rate * seconds * 1.05) + 50 : Math.ceil(Math.max(rate, 500) * POOL_MARGIN * seconds) + 200
  await prime(target, mint(pool), () => needed - pool.size, mintRate, settings)
}

/** A running server under test, and what its earlier windows left: its unused tokens, its peak rates. */
interface Contender {
  readonly name: string
  readonly target: Target
  readonly pool: TokenPool
  mintRps: number
  consumeRps: number
}

interface Step {
  /** One window (or one slice of it) of the step's scenario against one server. */
  measure(c: Contender, settings: LoadSettings): Promise<Measurement>
  /** Flat-out windows may be cut into slices; the paced one runs whole (it has its own warm-up). */
  readonly sliced: boolean
  /** Keeps what later steps need from the whole window. */
  record?(c: Contender, m: Measurement): void
}

/**
 * The scenarios, in order: the four flat out, then consume paced at half its peak rate. Each one
 * runs against every server before the next begins, so that the windows compared with each other
 * are seconds apart, not minutes: on a shared machine whose speed drifts, that is most of what
 * keeps a ratio steady.
 */
const STEPS: readonly Step[] = [
  { measure: (c, settings) => measure(c.target, mint(c.pool), settings), sliced: true, record: (c, m) => (c.mintRps = m.rps) },
  { measure: (c, settings) => measureConsume(c.target, c.pool, c.mintRps, c.mintRps, settings), sliced: true, record: (c, m) => (c.consumeRps = m.rps) },
  { measure: (c, settings) => measure(c.target, mintThenConsume(), settings), sliced: true },
  { measure: (c, settings) => measure(c.target, consumeForged(c.pool, forgedAnswers(c.name)), settings), sliced: true },
  {
    async measure(c, settings) {
      const half = Math.max(1, Math.round(c.consumeRps / 2))
      return { ...(await measureConsume(c.target, c.pool, half, c.mintRps, settings, half)), scenario: 'consume @½' }
    },
    sliced: false,
  },
]


/** `list` started `by` places further on, wrapping round: each round's order of servers. */
function rotated<T>(list: readonly T[], by: number): T[] {
  return list.map((_, i) => list[(i + by) % list.length]!)
}

/** Warm-up before a later slice: the server is warm, the load generator's connections are new. */
const SLICE_WARMUP_SECONDS = 1

/**
 * How a window is cut: into `slices` of whole seconds (autocannon stops on its one-second tick),
 * fewer if the window is too short. Only the first slice has the full warm-up.
 */
function sliceSettings(settings: LoadSettings, slices: number): LoadSettings[] {
  const count = Math.max(1, Math.min(slices, Math.floor(settings.durationSeconds)))
  if (count === 1) return [settings]
  const seconds = Math.floor(settings.durationSeconds / count)
  return Array.from({ length: count }, (_, i) => ({
    ...settings,
    durationSeconds: i === count - 1 ? settings.durationSeconds - seconds * (count - 1) : seconds,
    warmupSeconds: i === 0 ? settings.warmupSeconds : Math.min(settings.warmupSeconds, SLICE_WARMUP_SECONDS),
  }))
}

/**
 * Every step against every running server, a step at a time. A flat-out window is cut into
 * slices that go round the servers in turn (A B C, B C A, …), so each server's window spans the
 * same minutes as the others': this machine's speed moved by up to 50 % between windows a minute
 * or two apart, and a ratio of two windows taken back to back still carried that drift.
 */
async function scenarios(contenders: readonly Contender[], settings: LoadSettings, slices: number, steps: readonly Step[] = STEPS): Promise<Row[]> {
  const rows: Row[] = []
  for (const step of steps) {
    const parts = new Map<Contender, Measurement[]>(contenders.map((c) => [c, []]))
    // Each slice starts one server further on, so that no server always follows the same one.
    for (const [k, slice] of (step.sliced ? sliceSettings(settings, slices) : [settings]).entries()) {
      for (const c of rotated(contenders, k)) parts.get(c)!.push(await phase(c, () => step.measure(c, slice)))
    }
    for (const c of contenders) {
      const m = joinSlices(parts.get(c)!)
      step.record?.(c, m)
      rows.push({ server: c.name, ...m })
      log(`${c.name} ${m.scenario}: ${m.rps.toFixed(0)} req/s, p99 ${m.p99Ms} ms, ${m.cpuUsPerRequest?.toFixed(0) ?? '?'} µs CPU/req`)
    }
  }
  return rows
}

/**
 * One window against `c`; with webhooks on, from the outbox's counts before it to its drain after
 * it, so that no later window shares the machine with this one's backlog of deliveries.
 */
async function phase(c: Contender, run: () => Promise<Measurement>): Promise<Measurement> {
  if (!c.target.webhooks) return run()
  const before = await webhookCounts(c.target.url, c.target.apiKey)
  const measured = await run()
  const after = await drainWebhooks(c.target.url, c.target.apiKey)
  const webhooks = webhookPhase(before, after)
  log(`${c.name} ${measured.scenario} slice: webhooks delivered ${webhooks.delivered}, dropped ${webhooks.dropped}, drained ${webhooks.drained ? 'in' : 'NOT in'} ${(webhooks.drainMs / 1000).toFixed(1)} s`)
  return { ...measured, webhooks }
}

/**
 * Consume of fresh links, with enough minted beforehand for `expectedRate`. Consume can outrun
 * mint by more than the margin allows; a window that ran out of fresh tokens is measured again
 * with a pool sized from the rate it reached. With `pacedRate`, an open-loop window at that rate
 * (bench/paced.ts), which uses exactly as many tokens as the rate says.
 */
async function measureConsume(target: Target, pool: TokenPool, expectedRate: number, mintRate: number, settings: LoadSettings, pacedRate?: number): Promise<Measurement> {
  let rate = expectedRate
  for (let attempt = 1; ; attempt++) {
    await tokensFor(target, pool, pacedRate ?? rate, mintRate, settings, pacedRate !== undefined)
    // The mints' events are delivered before the window, not during it (they count in the phase's figures).
    if (target.webhooks) await drainWebhooks(target.url, target.apiKey)
    const dryBefore = pool.dry
    const measured = pacedRate ? await measureSteadyPaced(target, pool, settings, pacedRate) : await measure(target, consumeFresh(pool), settings)
    if (pool.dry === dryBefore || attempt === 3) {
      if (pool.dry > dryBefore) log(`${target.name}: ${pool.dry - dryBefore} consumes found no fresh token (counted as unexpected statuses)`)
      return measured
    }
    rate = measured.rps * 2
  }
}

/** Quiet time between the flat-out burst that mints a paced window's tokens and its warm-up. */
const SETTLE_MS = 2000
/** A paced window's warm-up: at least 5 s, however short the flat-out windows' warm-up. */
const pacedWarmupSeconds = (settings: LoadSettings) => (settings.warmupSeconds > 0 ? Math.max(settings.warmupSeconds, 5) : 0)

/**
 * The paced window measures the steady state at half the peak rate. Its tokens are minted flat
 * out just before it, and the first seconds at the lower rate still paid for that burst: the
 * server's CPU per request ran ~35 % higher and its p99 several times higher while its garbage
 * collectors and compiled code caught up, and this process's own collector stalled the pacing.
 * So: a pause and a longer warm-up (and bench/paced.ts starts each window from a full collection).
 */
async function measureSteadyPaced(target: Target, pool: TokenPool, settings: LoadSettings, rate: number): Promise<Measurement> {
  await sleep(SETTLE_MS)
  return measurePaced(target, consumeFresh(pool), { ...settings, warmupSeconds: pacedWarmupSeconds(settings) }, rate)
}

/**
 * Bytes per open link in a warmed-up process, and from a cold start (bench/memory/slotlink-memory.ts
 * says why both); then, in a run of its own, bytes per tombstone of links issued and consumed.
 */
async function slotlinkMemory(links: number): Promise<{ warm: number; cold: number; tombstone: number }> {
  const run = (...flags: string[]) => {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/memory/slotlink-memory.ts', String(links), ...flags], { encoding: 'utf8', maxBuffer: 1 << 20 })
    const result = JSON.parse(out.trim().split('\n').pop()!) as { bytesPerLink: number; bytesPerLinkFromCold: number; bytesPerTombstone?: number; open: number; tombstones: number }
    if (result.open !== links) throw new Error(`memory run opened ${result.open} links, not ${links}`)
    return result
  }
  const open = run()
  const used = run('--tombstones')
  if (used.tombstones !== links || used.bytesPerTombstone === undefined) throw new Error(`memory run kept ${used.tombstones} tombstones, not ${links}`)
  return { warm: open.bytesPerLink, cold: open.bytesPerLinkFromCold, tombstone: used.bytesPerTombstone }
}

export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const settings: LoadSettings = { connections: options.connections, warmupSeconds: options.warmupSeconds, durationSeconds: options.durationSeconds }
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model.trim() ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.versions.node, kernel: release() },
    settings: { ...settings, slices: options.slices, rounds: options.rounds, memoryLinks: options.memoryLinks, growth: options.growth, startupRuns: options.startupRuns },
    rows: [],
    memory: [],
    growth: [],
    skipped: [],
  }
  const skip = (what: string, why: string) => {
    if (!results.skipped.some((s) => s.what === what)) results.skipped.push({ what, why })
    log(`skipping ${what}: ${why}`)
  }

  for (let round = 1; round <= options.rounds; round++) {
    // Every server of the round runs at once (an idle one costs the others nothing), and each
    // round starts the list one further on, so that no server always follows the same one.
    const order = rotated(options.servers, round - 1)
    const contenders: Contender[] = []
    try {
      for (const name of order) {
        log(`round ${round}/${options.rounds}: starting ${name}`)
        const target = await startTarget(name)
        if (typeof target === 'string') skip(name, target)
        else contenders.push({ name, target, pool: new TokenPool(), mintRps: 0, consumeRps: 0 })
      }
      results.rows.push(...(await scenarios(contenders, settings, options.slices)).map((row) => ({ ...row, round })))
      if (round === options.rounds && options.memoryLinks > 0) {
        for (const name of options.servers) {
          const target = contenders.find((c) => c.name === name)?.target
          // The lean Redis peer keeps the same keys as the Redis row: measured there once.
          if (!target?.storeUrl || (name !== 'redis' && name !== 'postgres')) continue
          log(`${name}: memory for ${options.memoryLinks} links`)
          const bytes = name === 'redis' ? await redisBytesPerLink(target.storeUrl, options.memoryLinks) : await postgresBytesPerLink(target.storeUrl, options.memoryLinks)
          results.memory.push(name === 'redis' ? { store: 'redis', how: 'INFO memory used_memory', bytesPerLink: bytes } : { store: 'postgres', how: 'pg_total_relation_size (heap + indexes)', bytesPerLink: bytes })
        }
      }
    } finally {
      await Promise.all(contenders.map((c) => c.target.stop()))
    }
  }

  if (options.memoryLinks > 0 && options.servers.includes('slotlink')) {
    log(`slotlink: memory for ${options.memoryLinks} links through the library`)
    const { warm, cold, tombstone } = await slotlinkMemory(options.memoryLinks)
    results.memory.unshift(
      { store: 'slotlink', per: 'open link', how: `process RSS after GC, after a warm-up (from cold: ${cold.toFixed(0)})`, bytesPerLink: warm },
      { store: 'slotlink', per: 'tombstone', how: 'process RSS after GC, links issued and consumed through createSlotlink, after a warm-up', bytesPerLink: tombstone },
    )
  }

  // Growth rounds go like the servers' rounds: every count's server is up at once, each scenario
  // runs against all of them back to back, and each round starts the list one further on.
  for (let round = 1; round <= options.rounds; round++) {
    const order = rotated(options.growth, round - 1)
    const prefilled: (Contender & { open: number })[] = []
    try {
      for (const open of order) {
        log(`growth round ${round}/${options.rounds}: starting slotlink with ${open} links open`)
        try {
          const target = await startPrefilled(open)
          prefilled.push({ open, name: target.name, target, pool: new TokenPool(), mintRps: 0, consumeRps: 0 })
        } catch (error) {
          skip(`growth at ${open} open`, String(error).split('\n').filter((l) => /Error/.test(l)).pop() ?? String(error))
        }
      }
      // Mint and consume, sliced and interleaved like the servers' windows.
      const rows = await scenarios(prefilled, settings, options.slices, STEPS.slice(0, 2))
      for (const p of prefilled) {
        const row = (scenario: string) => rows.find((r) => r.server === p.name && r.scenario === scenario)!
        results.growth.push({ round, open: p.open, mint: row('mint'), consume: row('consume') })
      }
    } finally {
      await Promise.all(prefilled.map((p) => p.target.stop()))
    }
  }
  if (options.startupRuns > 0) {
    // Compiled, as `npm start` runs it: a fresh clone has no dist yet.
    if (!existsSync(COMPILED_ENTRY)) {
      log('building dist/ for the start-up measurement (npm run build)')
      execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' })
    }
    log(`start-up of ${COMPILED_ENTRY}, ${options.startupRuns} runs`)
    results.startup = await measureStartup(options.startupRuns)
  }
  return results
}

/** Prints the table and writes latest.json and latest.svg into `outDir`. */
export function writeResults(results: BenchResults, outDir: string): string {
  const text = renderText(results)
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, 'latest.json'), JSON.stringify(results, null, 2) + '\n')
  writeFileSync(join(outDir, 'latest.svg'), renderSvg(results) + '\n')
  writeFileSync(join(outDir, 'latest.md'), text + '\n')
  return text
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const options = parseOptions(process.argv.slice(2), process.env)
  const results = await runBench(options)
  process.stdout.write(writeResults(results, options.outDir) + '\n')
  process.exit(0)
}
