/**
 * Turns measurements into the one table `npm run bench` prints, the issue's targets judged on
 * them, and the JSON and SVG written to bench/results/.
 */
import type { Measurement } from './load.ts'

export interface Row extends Measurement {
  readonly server: string
  /** Which round of the run measured it (1, 2, …): rows of one round were measured side by side. */
  readonly round?: number
}

export interface GrowthRow {
  readonly round?: number
  readonly open: number
  readonly mint: Measurement
  readonly consume: Measurement
}

export interface MemoryRow {
  readonly store: string
  /** Bytes per `per` (an open link unless it says otherwise). */
  readonly bytesPerLink: number
  readonly how: string
  /** What the bytes are per: an open link (the default), or a used link's tombstone. */
  readonly per?: 'open link' | 'tombstone'
}

export interface BenchResults {
  readonly startedAt: string
  readonly machine: Record<string, string | number>
  readonly settings: Record<string, unknown>
  readonly rows: Row[]
  readonly memory: MemoryRow[]
  readonly growth: GrowthRow[]
  readonly skipped: { what: string; why: string }[]
  /** Start-up of the compiled server to its first answers (bench/startup.ts), when measured. */
  startup?: { runs: number; firstAnswerMs: number; firstMintMs: number; bareNodeMs: number }
}

export interface TargetCheck {
  readonly target: string
  readonly measured: string
  readonly met: boolean | null
  /**
   * For a missed target, what bounds it, from the same run: how far a server that does less than
   * slotlink gets against the same mark (the ceiling is slotlink's app over a store that does nothing;
   * the lean ceiling is that API without the app layer). A target the ceiling cannot reach either is
   * bounded by the app layer or the machine, not by slotlink's store.
   */
  readonly bound?: string
}

/**
 * The median of each (server, scenario) over the rounds: by requests per second, or by p99 for a
 * paced row, whose rate is fixed and whose point is its latency.
 */
export function medianRows(rows: readonly Row[]): Row[] {
  const groups = new Map<string, Row[]>()
  for (const row of rows) {
    const key = `${row.server}\u0000${row.scenario}`
    groups.set(key, [...(groups.get(key) ?? []), row])
  }
  const by = (row: Row) => (row.pacedRate ? row.p99Ms : row.rps)
  return [...groups.values()].map((group) => [...group].sort((a, b) => by(a) - by(b))[Math.floor(group.length / 2)]!)
}

/** The median of each open-link count over the rounds, mint and consume each by requests per second. */
export function medianGrowth(rows: readonly GrowthRow[]): GrowthRow[] {
  const groups = new Map<number, GrowthRow[]>()
  for (const row of rows) groups.set(row.open, [...(groups.get(row.open) ?? []), row])
  const median = (ms: Measurement[]) => [...ms].sort((a, b) => a.rps - b.rps)[Math.floor(ms.length / 2)]!
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([open, group]) => ({ open, mint: median(group.map((g) => g.mint)), consume: median(group.map((g) => g.consume)) }))
}

const find = (rows: readonly Row[], server: string, scenario: string) => rows.find((r) => r.server === server && r.scenario === scenario)
const fixed = (n: number | null | undefined, digits = 0) => (n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits))
const ratio = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null || b === 0 ? null : a / b)

/**
 * The median over rounds of `value(a) / value(b)`, each ratio taken within one round: the two
 * windows of a round were measured in the same minutes (sliced and interleaved), those of
 * different rounds were not, and this machine's speed drifts between them. A ratio of the two
 * medians would set one round's `a` against another round's `b`. Without round numbers (one
 * round, or results from before rounds were recorded), the ratio of the two values given.
 */
export function pairedRatio<T extends { readonly round?: number }>(as: readonly T[], bs: readonly T[], value: (t: T) => number | null | undefined): number | null {
  const ratios: number[] = []
  for (const a of as) {
    const b = bs.find((x) => x.round === a.round)
    const r = a.round === undefined || !b ? null : ratio(value(a), value(b))
    if (r !== null) ratios.push(r)
  }
  if (ratios.length === 0) return as.length === 1 && bs.length === 1 ? ratio(value(as[0]!), value(bs[0]!)) : null
  ratios.sort((x, y) => x - y)
  const mid = ratios.length / 2
  return Number.isInteger(mid) ? (ratios[mid - 1]! + ratios[mid]!) / 2 : ratios[Math.floor(mid)]!
}

/** Every round's row of one server and scenario. */
const allOf = (rows: readonly Row[], server: string, scenario: string) => rows.filter((r) => r.server === server && r.scenario === scenario)

/** `server` against `peer` in `scenario`, by `value`, paired by round. */
const versus = (results: BenchResults, server: string, peer: string, scenario: string, value: (r: Row) => number | null) =>
  pairedRatio(allOf(results.rows, server, scenario), allOf(results.rows, peer, scenario), value)
const rps = (r: Row) => r.rps
/** The server that is slotlink with lifecycle webhooks on (bench/targets.ts). */
const WEBHOOKS_ON = 'slotlink-webhooks'
const cpu = (r: Row) => r.cpuUsPerRequest

/**
 * The issue's targets, each with the figures that decide it (null: not measured in this run).
 * Ratios are medians of per-round ratios (pairedRatio); the medians beside them are for reading.
 */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const rows = medianRows(results.rows)
  const checks: TargetCheck[] = []
  const judge = (target: string, value: number | null, limit: number, above: boolean, show: (v: number) => string, mark?: Mark | 'p99') => {
    const met = value === null ? null : above ? value >= limit : value <= limit
    const bound = met === false && mark ? boundOf(mark, results, rows) : undefined
    checks.push({ target, measured: value === null ? 'not measured' : show(value), met, ...(bound && { bound }) })
  }
  for (const scenario of ['mint', 'consume']) {
    const s = find(rows, 'slotlink', scenario)
    const c = find(rows, 'ceiling', scenario)
    judge(`${scenario}: req/s ≥ 0.90 × ceiling`, versus(results, 'slotlink', 'ceiling', scenario, rps), 0.9, true, (v) => `${v.toFixed(2)} × (medians ${fixed(s?.rps)} vs ${fixed(c?.rps)})`, { scenario, peer: 'ceiling', metric: 'rps' })
    judge(`${scenario}: CPU/req ≤ 1.15 × ceiling`, versus(results, 'slotlink', 'ceiling', scenario, cpu), 1.15, false, (v) => `${v.toFixed(2)} × (medians ${fixed(s?.cpuUsPerRequest)} vs ${fixed(c?.cpuUsPerRequest)} µs)`, { scenario, peer: 'ceiling', metric: 'cpu' })
    judge(`${scenario}: req/s ≥ Redis`, versus(results, 'slotlink', 'redis', scenario, rps), 1, true, (v) => `${v.toFixed(2)} ×`, { scenario, peer: 'redis', metric: 'rps' })
    judge(`${scenario}: CPU/req ≤ Redis`, versus(results, 'slotlink', 'redis', scenario, cpu), 1, false, (v) => `${v.toFixed(2)} ×`, { scenario, peer: 'redis', metric: 'cpu' })
    judge(`${scenario}: req/s ≥ 3 × Postgres`, versus(results, 'slotlink', 'postgres', scenario, rps), 3, true, (v) => `${v.toFixed(2)} ×`, { scenario, peer: 'postgres', metric: 'rps' })
  }
  judge('forged: req/s ≥ 0.95 × ceiling', versus(results, 'slotlink', 'ceiling', 'forged', rps), 0.95, true, (v) => `${v.toFixed(2)} ×`, { scenario: 'forged', peer: 'ceiling', metric: 'rps' })
  // Issue 20's goals: against the same API written plainly on Hono, storing nothing or in Redis.
  for (const scenario of ['mint', 'consume']) {
    const s = find(rows, 'slotlink', scenario)
    const lean = find(rows, 'lean-ceiling', scenario)
    judge(`${scenario}: req/s ≥ 0.90 × lean ceiling`, versus(results, 'slotlink', 'lean-ceiling', scenario, rps), 0.9, true, (v) => `${v.toFixed(2)} × (medians ${fixed(s?.rps)} vs ${fixed(lean?.rps)})`, { scenario, peer: 'lean-ceiling', metric: 'rps' })
    judge(`${scenario}: CPU/req ≤ 1.15 × lean ceiling`, versus(results, 'slotlink', 'lean-ceiling', scenario, cpu), 1.15, false, (v) => `${v.toFixed(2)} × (medians ${fixed(s?.cpuUsPerRequest)} vs ${fixed(lean?.cpuUsPerRequest)} µs)`, { scenario, peer: 'lean-ceiling', metric: 'cpu' })
    judge(`${scenario}: req/s ≥ lean Redis`, versus(results, 'slotlink', 'lean-redis', scenario, rps), 1, true, (v) => `${v.toFixed(2)} × (lean Redis median ${fixed(find(rows, 'lean-redis', scenario)?.rps)})`, { scenario, peer: 'lean-redis', metric: 'rps' })
  }
  judge('forged: req/s ≥ 0.95 × lean ceiling', versus(results, 'slotlink', 'lean-ceiling', 'forged', rps), 0.95, true, (v) => `${v.toFixed(2)} × (medians ${fixed(find(rows, 'slotlink', 'forged')?.rps)} vs ${fixed(find(rows, 'lean-ceiling', 'forged')?.rps)})`, { scenario: 'forged', peer: 'lean-ceiling', metric: 'rps' })
  // Issue 18: lifecycle webhooks must not cost serving more than a tenth, and a row that dropped events would hide that cost.
  const hooked = allOf(results.rows, WEBHOOKS_ON, 'consume')
  const onOff = versus(results, WEBHOOKS_ON, 'slotlink', 'consume', rps)
  const dropped = hooked.reduce((sum, r) => sum + (r.webhooks?.dropped ?? 0), 0)
  const fair = hooked.every((r) => r.webhooks !== undefined && r.webhooks.drained) && dropped === 0
  checks.push({
    target: 'consume with webhooks on: req/s ≥ 0.90 × off, no event dropped',
    measured: onOff === null ? 'not measured' : `${onOff.toFixed(2)} × (medians ${fixed(find(rows, WEBHOOKS_ON, 'consume')?.rps)} vs ${fixed(find(rows, 'slotlink', 'consume')?.rps)}), ${dropped} dropped${fair || dropped > 0 ? '' : ', not drained'}`,
    met: onOff === null ? null : onOff >= 0.9 && fair,
  })
  const memory = results.memory.find((m) => m.store === 'slotlink' && (m.per ?? 'open link') === 'open link')
  judge('memory ≤ 100 B per open link', memory?.bytesPerLink ?? null, 100, false, (v) => `${v.toFixed(0)} B`)
  const tombstone = results.memory.find((m) => m.store === 'slotlink' && m.per === 'tombstone')
  judge('memory ≤ 24 B per tombstone', tombstone?.bytesPerLink ?? null, 24, false, (v) => `${v.toFixed(1)} B`)
  const counts = [...new Set(results.growth.map((g) => g.open))].sort((a, b) => a - b)
  const low = counts[0]
  const high = counts.length > 1 ? counts[counts.length - 1] : undefined
  const at = (open: number | undefined) => results.growth.filter((g) => g.open === open)
  for (const scenario of ['mint', 'consume'] as const) {
    const v = pairedRatio(at(high), at(low), (g) => g[scenario].rps)
    judge(`${scenario} at ${high ?? '?'} open ≥ 0.9 × at ${low ?? '?'}`, v, 0.9, true, (x) => `${x.toFixed(2)} ×`)
  }
  const half = find(rows, 'slotlink', 'consume @½')
  judge('consume p99 at half the peak rate ≤ 5 ms', half?.p99Ms ?? null, 5, false, (v) => `${v.toFixed(1)} ms`, 'p99')
  return checks
}

/** What a target compares slotlink with: the peer server, the scenario and the figure. */
interface Mark {
  readonly scenario: string
  readonly peer: string
  readonly metric: 'rps' | 'cpu'
}

const NAMES: Record<string, string> = { ceiling: 'the ceiling', 'lean-ceiling': 'the lean ceiling', 'lean-safe': 'the lean ceiling with safety', redis: 'Redis', 'lean-redis': 'lean Redis', postgres: 'Postgres' }
const LABELS: Record<string, string> = {
  ceiling: 'the ceiling (this app, no store)',
  'lean-ceiling': 'the lean ceiling (no app layer, no store)',
  'lean-safe': 'the lean ceiling with slotlink\'s request id, headers, metrics and log line',
  redis: 'Redis',
  'lean-redis': 'lean Redis',
  postgres: 'Postgres',
}

/**
 * The servers that do less than slotlink, for what bounds a missed target: its app over no store,
 * the lean ceiling with only the safety slotlink keeps on, and the lean ceiling with none.
 */
const DOING_LESS = ['ceiling', 'lean-safe', 'lean-ceiling'] as const

/**
 * What bounds a missed target (TargetCheck.bound): how the servers that do less than slotlink
 * fare against the same mark in this run. A lean target that lean-safe misses too is one the
 * safety it keeps on rules out by itself, whatever slotlink's own code costs.
 */
function boundOf(mark: Mark | 'p99', results: BenchResults, rows: readonly Row[]): string | undefined {
  const bounds: string[] = []
  if (mark === 'p99') {
    for (const server of DOING_LESS) {
      const paced = find(rows, server, 'consume @½')
      if (paced) bounds.push(`${LABELS[server]}: p99 ${paced.p99Ms.toFixed(1)} ms at its own half rate (${fixed(paced.pacedRate)}/s)`)
    }
  } else {
    for (const server of DOING_LESS) {
      if (server === mark.peer) continue
      const v = versus(results, server, mark.peer, mark.scenario, mark.metric === 'cpu' ? cpu : rps)
      if (v !== null) bounds.push(`${LABELS[server]} ${mark.metric === 'cpu' ? 'spends' : 'reaches'} ${v.toFixed(2)} × ${NAMES[mark.peer]}'s ${mark.metric === 'cpu' ? 'CPU' : 'req/s'}`)
    }
  }
  return bounds.length > 0 ? bounds.join('; ') : undefined
}

/** A Markdown table; the first `textColumns` columns are left-aligned, the numbers right-aligned. */
function table(header: string[], body: string[][], textColumns = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)))
  const line = (cells: string[]) => '| ' + cells.map((c, i) => (i < textColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |'
  return [line(header), '|' + widths.map((w, i) => (i < textColumns ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|') + '|', ...body.map(line)].join('\n')
}

/** The Markdown the bench prints (and the README shows). */
export function renderText(results: BenchResults): string {
  const rows = medianRows(results.rows)
  const out: string[] = []
  const m = results.machine
  out.push(`slotlink benchmark, ${results.startedAt}: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, Linux ${m.kernel}`)
  out.push(`settings: ${JSON.stringify(results.settings)}`)
  out.push('figures: each row is its median round\'s (by req/s; by p99 for the paced rows); "×" columns and targets: medians of the ratios taken within each round')
  out.push('')
  const body = rows.map((r) => {
    const ceiling = find(rows, 'ceiling', r.scenario)
    const lean = find(rows, 'lean-ceiling', r.scenario)
    const unexpected = Object.entries(r.unexpected).map(([k, v]) => `${k}:${v}`).join(' ')
    return [
      r.server,
      r.scenario + (r.pacedRate ? ` (${fixed(r.pacedRate)}/s)` : ''),
      fixed(r.rps),
      r.server === 'ceiling' || r.pacedRate || !ceiling ? '' : fixed(versus(results, r.server, 'ceiling', r.scenario, rps), 2),
      fixed(r.p50Ms, 1),
      fixed(r.p99Ms, 1),
      fixed(r.cpuUsPerRequest),
      r.server === 'ceiling' || r.pacedRate || !ceiling ? '' : fixed(versus(results, r.server, 'ceiling', r.scenario, cpu), 2),
      r.server === 'lean-ceiling' || r.pacedRate || !lean ? '' : fixed(versus(results, r.server, 'lean-ceiling', r.scenario, rps), 2),
      r.server === 'lean-ceiling' || r.pacedRate || !lean ? '' : fixed(versus(results, r.server, 'lean-ceiling', r.scenario, cpu), 2),
      `${(r.expectedShare * 100).toFixed(1)}%${unexpected ? ` (${unexpected})` : ''}`,
    ]
  })
  out.push(table(['server', 'scenario', 'req/s', '× ceiling', 'p50 ms', 'p99 ms', 'CPU µs/req', 'CPU × ceiling', '× lean', 'CPU × lean', 'expected status'], body, 2))
  const hooked = rows.filter((r) => r.webhooks)
  if (hooked.length > 0) {
    out.push('')
    out.push('webhooks: events of each phase (warm-up and priming included), all delivered before the next window began')
    out.push(
      table(
        ['server', 'scenario', 'req/s × off', 'events delivered', 'dropped', 'longest drain after a window (s)'],
        hooked.map((r) => [
          r.server,
          r.scenario + (r.pacedRate ? ` (${fixed(r.pacedRate)}/s)` : ''),
          r.pacedRate ? '' : fixed(versus(results, r.server, 'slotlink', r.scenario, rps), 2),
          String(r.webhooks!.delivered),
          String(r.webhooks!.dropped),
          fixed(r.webhooks!.drainMs / 1000, 1) + (r.webhooks!.drained ? '' : ' (not drained)'),
        ]),
        2,
      ),
    )
  }
  if (results.memory.length > 0) {
    out.push('')
    out.push(table(['store', 'bytes per', 'how measured', 'bytes'], results.memory.map((r) => [r.store, r.per ?? 'open link', r.how, fixed(r.bytesPerLink, 1)]), 3))
  }
  if (results.growth.length > 0) {
    const growth = medianGrowth(results.growth)
    const base = growth[0]!
    const growthAt = (open: number) => results.growth.filter((x) => x.open === open)
    out.push('')
    out.push(
      table(
        ['open links', 'mint req/s', 'consume req/s', 'mint CPU µs', 'consume CPU µs', 'mint vs fewest', 'consume vs fewest'],
        growth.map((g) => [
          g.open.toLocaleString('en'),
          fixed(g.mint.rps),
          fixed(g.consume.rps),
          fixed(g.mint.cpuUsPerRequest),
          fixed(g.consume.cpuUsPerRequest),
          fixed(pairedRatio(growthAt(g.open), growthAt(base.open), (x) => x.mint.rps), 2),
          fixed(pairedRatio(growthAt(g.open), growthAt(base.open), (x) => x.consume.rps), 2),
        ]),
      ),
    )
  }
  if (results.startup) {
    const s = results.startup
    out.push('')
    out.push(`start-up, compiled (node dist/src/server/node/main.js, median of ${s.runs}): first answer ${fixed(s.firstAnswerMs)} ms, first mint ${fixed(s.firstMintMs)} ms (bare node -e '': ${fixed(s.bareNodeMs)} ms)`)
  }
  out.push('')
  out.push('targets:')
  for (const check of checkTargets(results)) {
    out.push(`  ${check.met === null ? '  -  ' : check.met ? ' met ' : 'MISSED'}  ${check.target}: ${check.measured}`)
    if (check.bound) out.push(`          bounded by: ${check.bound}`)
  }
  for (const skip of results.skipped) out.push(`skipped ${skip.what}: ${skip.why}`)
  return out.join('\n')
}

const COLORS: Record<string, string> = { slotlink: '#2b6cb0', ceiling: '#a0aec0', redis: '#c53030', postgres: '#2f855a', 'lean-ceiling': '#4a5568', 'lean-redis': '#ed8936' }

/** Two small bar charts (req/s and server CPU per request) by scenario and server. */
export function renderSvg(results: BenchResults): string {
  const rows = medianRows(results.rows).filter((r) => !r.pacedRate)
  const scenarios = [...new Set(rows.map((r) => r.scenario))]
  const servers = [...new Set(rows.map((r) => r.server))]
  const bar = 14
  const group = servers.length * bar + 34
  const panelWidth = Math.max(1, scenarios.length) * group + 40
  const height = 230
  const plot = 160
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')
  const panel = (title: string, value: (r: Row) => number | null, x0: number) => {
    const max = Math.max(1, ...rows.map((r) => value(r) ?? 0))
    const parts = [`<text x="${x0}" y="16" font-weight="bold">${escape(title)}</text>`]
    scenarios.forEach((scenario, i) => {
      servers.forEach((server, j) => {
        const r = find(rows, server, scenario)
        const v = r ? value(r) : null
        if (v === null) return
        const h = (v / max) * plot
        const x = x0 + 30 + i * group + j * bar
        parts.push(`<rect x="${x}" y="${(30 + plot - h).toFixed(1)}" width="${bar - 2}" height="${h.toFixed(1)}" fill="${COLORS[server] ?? '#718096'}"><title>${escape(`${server} ${scenario}: ${v.toFixed(0)}`)}</title></rect>`)
      })
      parts.push(`<text x="${x0 + 30 + i * group}" y="${30 + plot + 16}">${escape(scenario)}</text>`)
    })
    parts.push(`<text x="${x0}" y="${34}" font-size="10">${max.toFixed(0)}</text>`)
    return parts.join('')
  }
  const legend = servers.map((s, i) => `<rect x="${10 + i * 90}" y="${height - 14}" width="10" height="10" fill="${COLORS[s] ?? '#718096'}"/><text x="${24 + i * 90}" y="${height - 5}">${escape(s)}</text>`).join('')
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * panelWidth}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    panel('requests per second (higher is better)', (r) => r.rps, 0),
    panel('server CPU µs per request (lower is better)', (r) => r.cpuUsPerRequest, panelWidth),
    legend,
    '</svg>',
  ].join('\n')
}
