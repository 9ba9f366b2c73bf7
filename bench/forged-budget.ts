/**
 * What refusing a forgery may cost: the forged scenario against the refusing ceiling, against the
 * same ceiling made to spend a fixed few microseconds of CPU on every consume (`ceiling-busy-<N>us`),
 * and against slotlink, in short windows that go round the servers in turn. It answers one
 * question: how much work per request does the forged target (≥ 0.95 × the ceiling) leave room for
 * on this machine, and where does slotlink's tag check fall against that?
 *
 *   node --import tsx bench/forged-budget.ts [--servers=…] [--rounds=8] [--duration=3] [--warmup=1]
 *
 * Ratios are medians of per-round ratios to the first server. bench/README.md has a run's table.
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

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
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
      if (m.expectedShare < 1) throw new Error(`${c.name}: unexpected answers ${JSON.stringify(m.unexpected)}`)
      c.windows.push({ rps: m.rps, cpu: m.cpuUsPerRequest ?? Number.NaN })
    }
    process.stderr.write(`round ${round + 1}/${options.rounds}: ${contenders.map((c) => `${c.name} ${c.windows.at(-1)!.rps.toFixed(0)}/s`).join(', ')}\n`)
  }
} finally {
  for (const c of contenders) await c.target.stop()
}

const base = contenders[0]!
console.log(`| server | req/s | × ${base.name} | CPU µs/req | × ${base.name} |`)
console.log('| --- | --: | --: | --: | --: |')
for (const c of contenders) {
  const rps = median(c.windows.map((w) => w.rps))
  const cpu = median(c.windows.map((w) => w.cpu))
  const rpsRatio = median(c.windows.map((w, i) => w.rps / base.windows[i]!.rps))
  const cpuRatio = median(c.windows.map((w, i) => w.cpu / base.windows[i]!.cpu))
  console.log(`| ${c.name} | ${rps.toFixed(0)} | ${rpsRatio.toFixed(3)} | ${cpu.toFixed(1)} | ${cpuRatio.toFixed(3)} |`)
}
console.log(`\n${options.rounds} rounds of ${settings.durationSeconds} s windows (${settings.warmupSeconds} s warm-up), ${settings.connections} connections; ratios are medians of per-round ratios.`)
