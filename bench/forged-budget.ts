/**
 * What refusing a forgery may cost: the forged scenario against the refusing ceiling, against the
 * same ceiling made to spend a fixed few microseconds of CPU on every consume (`ceiling-busy-<N>us`),
 * and against slotlink, in short windows that go round the servers in turn. It answers one
 * question: how much work per request does the forged target (≥ 0.95 × the ceiling) leave room for
 * on this machine, and where does slotlink's tag check fall against that?
 *
 *   node --import tsx bench/forged-budget.ts [--servers=…] [--rounds=8] [--duration=3] [--warmup=1]
 *
 * Ratios are medians of per-round ratios to the first server, with their quartiles and a bootstrap
 * 95 % interval for the median. bench/README.md has runs' tables.
 */
import { measure, prime } from './load.ts'
import { parseOptions, type ServerName } from './options.ts'
import { consumeForged, mint, TokenPool } from './scenarios.ts'
import { startTarget, type Target } from './targets.ts'

const DEFAULT_SERVERS = ['ceiling-refusing', 'ceiling-busy-1us', 'ceiling-busy-2us', 'ceiling-busy-3us', 'ceiling-busy-5us', 'slotlink']
/** Tokens each server mints before its first window; the forged scenario alters up to 1000 of them. */
const TOKENS = 1000

const options = parseOptions(process.argv.slice(2), {
  BENCH_SERVERS: DEFAULT_SERVERS.join(','),
  BENCH_ROUNDS: '8',
  BENCH_DURATION: '3',
  BENCH_WARMUP: '1',
  ...process.env,
})
const settings = { connections: options.connections, warmupSeconds: options.warmupSeconds, durationSeconds: options.durationSeconds }

interface Contender {
  readonly name: ServerName
  readonly target: Target
  readonly pool: TokenPool
  readonly windows: { rps: number; cpu: number }[]
}

/** The q-quantile (0.5: the median) of the numbers in `xs`, skipping windows that gave none. */
function quantile(xs: readonly number[], q: number): number {
  const sorted = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  if (sorted.length === 0) return Number.NaN
  const at = (sorted.length - 1) * q
  const below = Math.floor(at)
  return sorted[below]! + (sorted[Math.ceil(at)]! - sorted[below]!) * (at - below)
}
const median = (xs: readonly number[]) => quantile(xs, 0.5)

/**
 * A 95 % interval for the median of `xs` by resampling rounds (2,000 bootstrap samples). Seeded, so
 * one run's output does not change when it is printed again.
 */
function medianInterval(xs: readonly number[]): [number, number] {
  const values = xs.filter((x) => Number.isFinite(x))
  let seed = 0x2545f491
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32)
  const medians = Array.from({ length: 2000 }, () => median(values.map(() => values[Math.floor(random() * values.length)]!)))
  return [quantile(medians, 0.025), quantile(medians, 0.975)]
}

const contenders: Contender[] = []
try {
  for (const name of options.servers) {
    const target = await startTarget(name)
    if (typeof target === 'string') throw new Error(`${name}: ${target}`)
    contenders.push({ name, target, pool: new TokenPool(), windows: [] })
    await prime(target, mint(contenders.at(-1)!.pool), () => TOKENS - contenders.at(-1)!.pool.size, 5000, settings)
  }
  for (let round = 0; round < options.rounds; round++) {
    // Each round starts one server further on, so that none always follows the same one.
    for (let i = 0; i < contenders.length; i++) {
      const c = contenders[(i + round) % contenders.length]!
      const m = await measure(c.target, consumeForged(c.pool, c.name === 'ceiling' ? [200] : [404]), settings)
      // A window with other answers measured something else: it is left out, not the whole run.
      const counted = m.expectedShare === 1
      if (!counted) process.stderr.write(`${c.name}: window left out, unexpected answers ${JSON.stringify(m.unexpected)}\n`)
      c.windows.push(counted ? { rps: m.rps, cpu: m.cpuUsPerRequest ?? Number.NaN } : { rps: Number.NaN, cpu: Number.NaN })
    }
    process.stderr.write(`round ${round + 1}/${options.rounds}: ${contenders.map((c) => `${c.name} ${c.windows.at(-1)!.rps.toFixed(0)}/s`).join(', ')}\n`)
  }
} finally {
  for (const c of contenders) await c.target.stop()
}

const base = contenders[0]!
const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '—')
console.log(`| server | req/s | × ${base.name} | quartiles | 95 % interval | CPU µs/req | × ${base.name} |`)
console.log('| --- | --: | --: | --: | --: | --: | --: |')
for (const c of contenders) {
  const ratios = c.windows.map((w, i) => w.rps / base.windows[i]!.rps)
  const [low, high] = medianInterval(ratios)
  const cpuRatio = median(c.windows.map((w, i) => w.cpu / base.windows[i]!.cpu))
  console.log(
    `| ${c.name} | ${fixed(median(c.windows.map((w) => w.rps)), 0)} | ${fixed(median(ratios), 3)} | ` +
      `${fixed(quantile(ratios, 0.25), 2)}–${fixed(quantile(ratios, 0.75), 2)} | ${fixed(low, 2)}–${fixed(high, 2)} | ` +
      `${fixed(median(c.windows.map((w) => w.cpu)), 1)} | ${fixed(cpuRatio, 3)} |`,
  )
}
console.log(`\n${options.rounds} rounds of ${settings.durationSeconds} s windows (${settings.warmupSeconds} s warm-up), ${settings.connections} connections; ratios are medians of per-round ratios.`)
