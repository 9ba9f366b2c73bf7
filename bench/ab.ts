/**
 * One change measured: slotlink from another checkout (`--base`, e.g. a `git archive` of the
 * commit before, with node_modules linked in) against this one, both up at once, in short windows
 * of mint, consume and forged that alternate between them (A B, then B A, …). Prints each
 * scenario's CPU µs per request and req/s for both, and the median over rounds of the per-round
 * ratio head/base: on a busy machine CPU per request is the steadier figure.
 *
 *   node --import tsx bench/ab.ts --base=/tmp/perf-base [--rounds=6] [--duration=3] [--warmup=1] [--connections=64]
 *
 * Or two of the bench's servers by name, the first as base: `--servers=lean-safe,lean-safe-plain`.
 */
import { measure, prime, type Measurement } from './load.ts'
import { consumeForged, consumeFresh, forgedAnswers, mint, TokenPool, type Scenario } from './scenarios.ts'
import { isServerName } from './options.ts'
import { startSlotlink, startTarget, type Target } from './targets.ts'

const flags = new Map(process.argv.slice(2).map((a) => /^--([a-z]+)=(.*)$/.exec(a)).filter((m) => m !== null).map((m) => [m[1]!, m[2]!]))
const base = flags.get('base')
const named = flags.get('servers')?.split(',')
if (named && (named.length !== 2 || !named.every(isServerName))) throw new Error('--servers= takes two of the bench\'s server names')
if (!base && !named) throw new Error('--base=<directory of the other checkout> or --servers=<base>,<head> is required')
const rounds = Number(flags.get('rounds') ?? 6)
const settings = { connections: Number(flags.get('connections') ?? 64), warmupSeconds: Number(flags.get('warmup') ?? 1), durationSeconds: Number(flags.get('duration') ?? 3) }
const scenarios = (flags.get('scenarios') ?? 'mint,consume,forged').split(',')

interface Side {
  readonly name: string
  readonly target: Target
  readonly pool: TokenPool
  readonly windows: Map<string, Measurement[]>
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length / 2
  return Number.isInteger(mid) ? (s[mid - 1]! + s[mid]!) / 2 : s[Math.floor(mid)]!
}

const sides: Side[] = []
try {
  if (named) {
    for (const name of named) {
      const target = await startTarget(name as never)
      if (typeof target === 'string') throw new Error(target)
      sides.push({ name, target, pool: new TokenPool(), windows: new Map() })
    }
  } else {
    for (const [name, entry] of [['base', `${base}/src/server/node/main.ts`], ['head', 'src/server/node/main.ts']] as const) {
      sides.push({ name, target: await startSlotlink(name, entry), pool: new TokenPool(), windows: new Map() })
    }
  }
  const scenarioOf = (side: Side, name: string): Scenario =>
    name === 'mint' ? mint(side.pool) : name === 'consume' ? consumeFresh(side.pool) : consumeForged(side.pool, forgedAnswers(side.target.name))
  for (let round = 0; round < rounds; round++) {
    for (const scenario of scenarios) {
      const order = round % 2 === 0 ? sides : [...sides].reverse()
      for (const side of order) {
        if (scenario === 'consume') {
          const rate = side.windows.get('mint')?.at(-1)?.rps ?? 5000
          await prime(side.target, mint(side.pool), () => Math.ceil(rate * 2.5 * (settings.durationSeconds + settings.warmupSeconds)) - side.pool.size, rate, settings)
        }
        if (scenario === 'forged' && side.pool.size === 0) await prime(side.target, mint(side.pool), () => 1000 - side.pool.size, 1000, settings)
        const m = await measure(side.target, scenarioOf(side, scenario), settings)
        side.windows.set(scenario, [...(side.windows.get(scenario) ?? []), m])
        process.stderr.write(`[ab] round ${round + 1} ${side.name} ${scenario}: ${m.rps.toFixed(0)} req/s, ${m.cpuUsPerRequest?.toFixed(1)} µs CPU/req, ${(m.expectedShare * 100).toFixed(1)} % expected\n`)
      }
    }
  }
} finally {
  await Promise.all(sides.map((s) => s.target.stop()))
}

const [a, b] = sides as [Side, Side]
process.stdout.write(`| scenario | base CPU µs/req (median) | head CPU µs/req | head/base CPU, median of ${rounds} rounds | base req/s | head req/s | head/base req/s |\n| --- | --: | --: | --: | --: | --: | --: |\n`)
for (const scenario of scenarios) {
  const wa = a.windows.get(scenario)!
  const wb = b.windows.get(scenario)!
  const cpu = (m: Measurement) => m.cpuUsPerRequest ?? NaN
  const cpuRatio = median(wa.map((m, i) => cpu(wb[i]!) / cpu(m)))
  const rpsRatio = median(wa.map((m, i) => wb[i]!.rps / m.rps))
  process.stdout.write(`| ${scenario} | ${median(wa.map(cpu)).toFixed(1)} | ${median(wb.map(cpu)).toFixed(1)} | ${cpuRatio.toFixed(3)} | ${median(wa.map((m) => m.rps)).toFixed(0)} | ${median(wb.map((m) => m.rps)).toFixed(0)} | ${rpsRatio.toFixed(3)} |\n`)
}
