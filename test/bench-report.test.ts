import { describe, expect, it } from 'vitest'
import { joinSlices, type Measurement } from '../bench/load.ts'
import { checkTargets, medianGrowth, medianRows, pairedRatio, renderText, type BenchResults, type Row } from '../bench/report.ts'

const window = (rps: number): Measurement => ({ scenario: 'x', requests: rps, seconds: 1, rps, p50Ms: 1, p99Ms: 2, cpuUsPerRequest: 100, expectedShare: 1, unexpected: {} })

describe('bench report: growth over rounds', () => {
  const rounds = [
    { round: 1, open: 5_000_000, mint: window(3000), consume: window(9000) },
    { round: 1, open: 10_000, mint: window(10_000), consume: window(10_000) },
    { round: 2, open: 5_000_000, mint: window(9500), consume: window(9400) },
    { round: 2, open: 10_000, mint: window(9800), consume: window(2000) },
    { round: 3, open: 5_000_000, mint: window(9300), consume: window(9600) },
    { round: 3, open: 10_000, mint: window(10_200), consume: window(9900) },
  ]

  it('keeps the median of each count, mint and consume apart, fewest open first', () => {
    expect(medianGrowth(rounds).map((g) => [g.open, g.mint.rps, g.consume.rps])).toEqual([
      [10_000, 10_000, 9900],
      [5_000_000, 9300, 9400],
    ])
  })

  it('judges the growth targets on the median of each round\'s ratio, so one slow round does not decide them', () => {
    const results: BenchResults = { startedAt: '', machine: {}, settings: {}, rows: [], memory: [], growth: rounds, skipped: [] }
    const growth = checkTargets(results).filter((c) => c.target.includes('open ≥'))
    expect(growth.map((c) => [c.target, c.met])).toEqual([
      ['mint at 5000000 open ≥ 0.9 × at 10000', true],
      ['consume at 5000000 open ≥ 0.9 × at 10000', true],
    ])
  })
})

describe('bench report: rows over rounds', () => {
  it('keeps the median paced row by its p99, since its rate was fixed', () => {
    const paced = (p99Ms: number, rps: number) => ({ server: 'slotlink', ...window(rps), scenario: 'consume @½', p99Ms, pacedRate: 5000 })
    const rows = [paced(27.3, 5001), paced(8.5, 4999), paced(16.9, 5000)]
    expect(medianRows(rows).map((r) => r.p99Ms)).toEqual([16.9])
  })

  it('keeps the median flat-out row by its rate', () => {
    const flat = (rps: number) => ({ server: 'ceiling', ...window(rps), scenario: 'mint' })
    expect(medianRows([flat(9000), flat(7000), flat(8000)]).map((r) => r.rps)).toEqual([8000])
  })
})

describe('bench: a window cut into slices', () => {
  const slice = (requests: number, seconds: number, cpuUsPerRequest: number, p50Ms: number, p99Ms: number, unexpected: Record<string, number> = {}): Measurement => ({
    scenario: 'forged',
    requests,
    seconds,
    rps: requests / seconds,
    p50Ms,
    p99Ms,
    cpuUsPerRequest,
    expectedShare: 1 - Object.values(unexpected).reduce((a, b) => a + b, 0) / requests,
    unexpected,
  })

  it('adds up requests, seconds and CPU as if the slices were one window', () => {
    const joined = joinSlices([slice(20_000, 2, 100, 5, 12), slice(10_000, 2, 130, 7, 30, { '500': 100 }), slice(18_000, 2, 110, 6, 14)])
    expect(joined.requests).toBe(48_000)
    expect(joined.seconds).toBe(6)
    expect(joined.rps).toBe(8000)
    // Total CPU over total requests, not the mean of the slices' figures (113.3).
    expect(joined.cpuUsPerRequest).toBeCloseTo((20_000 * 100 + 10_000 * 130 + 18_000 * 110) / 48_000, 9)
    expect(joined.expectedShare).toBeCloseTo(1 - 100 / 48_000, 9)
    expect(joined.unexpected).toEqual({ '500': 100 })
    // Percentiles cannot be added: the median slice's p50, the worst slice's p99.
    expect([joined.p50Ms, joined.p99Ms]).toEqual([6, 30])
  })

  it('leaves a window of one slice as it was, and CPU unknown if any slice could not read it', () => {
    const one = slice(1000, 1, 90, 1, 2)
    expect(joinSlices([one])).toBe(one)
    expect(joinSlices([one, { ...one, cpuUsPerRequest: null }]).cpuUsPerRequest).toBeNull()
  })
})

describe('bench report: ratios paired by round', () => {
  const row = (server: string, round: number, rps: number): Row => ({ server, round, ...window(rps), scenario: 'consume' })
  // The machine ran fast in round 2 and slow in round 3; slotlink had one bad window (round 2).
  const slotlink = [row('slotlink', 1, 105), row('slotlink', 2, 84), row('slotlink', 3, 84)]
  const ceiling = [row('ceiling', 1, 100), row('ceiling', 2, 120), row('ceiling', 3, 80)]

  it('takes each ratio within a round and keeps the median, where the ratio of medians would mix rounds', () => {
    expect(pairedRatio(slotlink, ceiling, (r) => r.rps)).toBeCloseTo(1.05, 9)
    // The medians (84 from round 2 or 3, 100 from round 1) would say 0.84.
    const medians = medianRows([...slotlink, ...ceiling])
    expect(medians.find((r) => r.server === 'slotlink')!.rps / medians.find((r) => r.server === 'ceiling')!.rps).toBeCloseTo(0.84, 9)
    const results: BenchResults = { startedAt: '', machine: {}, settings: {}, rows: [...slotlink, ...ceiling], memory: [], growth: [], skipped: [] }
    const check = checkTargets(results).find((c) => c.target === 'consume: req/s ≥ 0.90 × ceiling')!
    expect([check.met, check.measured]).toEqual([true, '1.05 × (medians 84 vs 100)'])
  })

  it('pairs only rows of the same round, averages the middle two of an even count, and takes a lone pair as it is', () => {
    expect(pairedRatio([row('a', 1, 90), row('a', 2, 50)], [row('b', 2, 100), row('b', 3, 100)], (r) => r.rps)).toBe(0.5)
    expect(pairedRatio([row('a', 1, 90), row('a', 2, 50)], [row('b', 1, 100), row('b', 2, 100)], (r) => r.rps)).toBeCloseTo(0.7, 9)
    const { round: _, ...unnumbered } = row('a', 1, 90)
    expect(pairedRatio<Row>([unnumbered], [{ ...unnumbered, rps: 100 }], (r) => r.rps)).toBeCloseTo(0.9, 9)
    expect(pairedRatio([row('a', 1, 90)], [], (r) => r.rps)).toBeNull()
  })
})

describe('bench report: the lean peers (issue 20)', () => {
  const row = (server: string, scenario: string, rps: number, cpu: number): Row => ({ server, round: 1, ...window(rps), cpuUsPerRequest: cpu, scenario })
  it('judges slotlink against the lean ceiling and the lean Redis peer, each target met or missed with its figures', () => {
    const rows = [
      row('slotlink', 'mint', 9_000, 110), row('lean-ceiling', 'mint', 10_000, 100), row('lean-redis', 'mint', 9_500, 80),
      row('slotlink', 'consume', 8_000, 130), row('lean-ceiling', 'consume', 10_000, 100), row('lean-redis', 'consume', 7_000, 90),
      row('slotlink', 'forged', 9_600, 100), row('lean-ceiling', 'forged', 10_000, 100),
    ]
    const results: BenchResults = { startedAt: '', machine: {}, settings: {}, rows, memory: [], growth: [], skipped: [] }
    const lean = checkTargets(results).filter((c) => c.target.includes('lean'))
    expect(lean.map((c) => [c.target, c.met])).toEqual([
      ['mint: req/s ≥ 0.90 × lean ceiling', true],
      ['mint: CPU/req ≤ 1.15 × lean ceiling', true],
      ['mint: req/s ≥ lean Redis', false],
      ['consume: req/s ≥ 0.90 × lean ceiling', false],
      ['consume: CPU/req ≤ 1.15 × lean ceiling', false],
      ['consume: req/s ≥ lean Redis', true],
      ['forged: req/s ≥ 0.95 × lean ceiling', true],
    ])
    expect(lean[4]!.measured).toBe('1.30 × (medians 130 vs 100 µs)')
  })

  it('says what bounds a missed target: how the servers that do less fare against the same mark, and nothing for a met one', () => {
    const rows = [
      row('slotlink', 'consume', 5_000, 150), row('ceiling', 'consume', 6_000, 120), row('lean-ceiling', 'consume', 12_000, 50), row('lean-redis', 'consume', 8_000, 90),
      row('slotlink', 'mint', 12_000, 50), row('lean-ceiling', 'mint', 12_000, 50),
      { ...row('slotlink', 'consume @½', 2_500, 150), pacedRate: 2_500, p99Ms: 9 },
      { ...row('lean-ceiling', 'consume @½', 6_000, 50), pacedRate: 6_000, p99Ms: 7.5 },
    ]
    const checks = checkTargets({ startedAt: '', machine: {}, settings: {}, rows, memory: [], growth: [], skipped: [] })
    const of = (target: string) => checks.find((c) => c.target === target)!
    expect(of('consume: req/s ≥ 0.90 × lean ceiling')).toMatchObject({ met: false, bound: "the ceiling (this app, no store) reaches 0.50 × the lean ceiling's req/s" })
    expect(of('consume: CPU/req ≤ 1.15 × lean ceiling').bound).toBe("the ceiling (this app, no store) spends 2.40 × the lean ceiling's CPU")
    expect(of('consume: req/s ≥ lean Redis').bound).toBe("the ceiling (this app, no store) reaches 0.75 × lean Redis's req/s; the lean ceiling (no app layer, no store) reaches 1.50 × lean Redis's req/s")
    expect(of('consume: req/s ≥ 0.90 × ceiling').bound).toBe("the lean ceiling (no app layer, no store) reaches 2.00 × the ceiling's req/s")
    expect(of('consume p99 at half the peak rate ≤ 5 ms').bound).toBe('the lean ceiling (no app layer, no store): p99 7.5 ms at its own half rate (6000/s)')
    expect(of('mint: req/s ≥ 0.90 × lean ceiling')).toMatchObject({ met: true })
    expect(of('mint: req/s ≥ 0.90 × lean ceiling').bound).toBeUndefined()
    expect(renderText({ startedAt: '', machine: {}, settings: {}, rows, memory: [], growth: [], skipped: [] })).toContain("  MISSED  consume: req/s ≥ 0.90 × lean ceiling: 0.42 × (medians 5000 vs 12000)\n          bounded by: the ceiling (this app, no store) reaches 0.50 × the lean ceiling's req/s")
  })

  it('with lean-safe in the run, a missed lean target says how far the safety kept on gets by itself', () => {
    const rows = [
      row('slotlink', 'consume', 5_000, 150), row('ceiling', 'consume', 6_000, 120), row('lean-safe', 'consume', 8_400, 80), row('lean-ceiling', 'consume', 12_000, 50),
      row('lean-redis', 'consume', 7_000, 90),
      { ...row('slotlink', 'consume @½', 2_500, 150), pacedRate: 2_500, p99Ms: 9 },
      { ...row('lean-safe', 'consume @½', 4_200, 80), pacedRate: 4_200, p99Ms: 6.2 },
    ]
    const checks = checkTargets({ startedAt: '', machine: {}, settings: {}, rows, memory: [], growth: [], skipped: [] })
    const of = (target: string) => checks.find((c) => c.target === target)!
    const safe = "the lean ceiling with slotlink's request id, headers, metrics and log line"
    expect(of('consume: req/s ≥ 0.90 × lean ceiling').bound).toBe(`the ceiling (this app, no store) reaches 0.50 × the lean ceiling's req/s; ${safe} reaches 0.70 × the lean ceiling's req/s`)
    expect(of('consume: CPU/req ≤ 1.15 × lean ceiling').bound).toBe(`the ceiling (this app, no store) spends 2.40 × the lean ceiling's CPU; ${safe} spends 1.60 × the lean ceiling's CPU`)
    // Against lean Redis the safety alone is faster: the bound then shows the target is not ruled out by it.
    expect(of('consume: req/s ≥ lean Redis').bound).toBe(
      `the ceiling (this app, no store) reaches 0.86 × lean Redis's req/s; ${safe} reaches 1.20 × lean Redis's req/s; the lean ceiling (no app layer, no store) reaches 1.71 × lean Redis's req/s`,
    )
    expect(of('consume p99 at half the peak rate ≤ 5 ms').bound).toBe(`${safe}: p99 6.2 ms at its own half rate (4200/s)`)
  })
})

describe('the memory table', () => {
  const results: BenchResults = {
    startedAt: '',
    machine: {},
    settings: {},
    rows: [],
    memory: [
      { store: 'slotlink', per: 'open link', how: 'process RSS after GC', bytesPerLink: 79.8 },
      { store: 'slotlink', per: 'tombstone', how: 'links issued and consumed', bytesPerLink: 25.5 },
      { store: 'redis', how: 'INFO memory used_memory', bytesPerLink: 180 },
    ],
    growth: [],
    skipped: [],
  }

  it('has a row per tombstone beside the row per open link, and judges each against its goal', () => {
    const text = renderText(results)
    expect(text).toMatch(/\| slotlink +\| open link +\| process RSS after GC +\| +79\.8 \|/)
    expect(text).toMatch(/\| slotlink +\| tombstone +\| links issued and consumed +\| +25\.5 \|/)
    // A row from before tombstones were measured is per open link.
    expect(text).toMatch(/\| redis +\| open link +\|/)
    const checks = checkTargets(results)
    expect(checks.find((c) => c.target === 'memory ≤ 100 B per open link')).toMatchObject({ met: true })
    expect(checks.find((c) => c.target === 'memory ≤ 24 B per tombstone')).toMatchObject({ met: false, measured: '25.5 B' })
  })
})

describe('bench report: webhooks on against off (issue 18)', () => {
  const phase = (dropped: number, drained = true) => ({ delivered: 120_000, dropped, drainMs: 4_200, drained })
  const row = (server: string, scenario: string, rps: number, webhooks?: ReturnType<typeof phase>): Row => ({ server, round: 1, ...window(rps), scenario, ...(webhooks && { webhooks }) })
  const results = (dropped: number, drained = true): BenchResults => ({
    startedAt: '',
    machine: {},
    settings: {},
    rows: [row('slotlink', 'consume', 10_000), row('slotlink-webhooks', 'consume', 9_300, phase(dropped, drained)), row('slotlink', 'mint', 10_000), row('slotlink-webhooks', 'mint', 8_000, phase(0))],
    memory: [],
    growth: [],
    skipped: [],
  })
  const target = (r: BenchResults) => checkTargets(r).find((c) => c.target.startsWith('consume with webhooks on'))!

  it('meets the consume target at ≥ 0.90 × off only when no event was dropped and every backlog drained', () => {
    expect(target(results(0))).toMatchObject({ met: true, measured: '0.93 × (medians 9300 vs 10000), 0 dropped' })
    expect(target(results(5))).toMatchObject({ met: false, measured: '0.93 × (medians 9300 vs 10000), 5 dropped' })
    expect(target(results(0, false))).toMatchObject({ met: false, measured: expect.stringContaining('not drained') })
    expect(target({ ...results(0), rows: [] })).toMatchObject({ met: null, measured: 'not measured' })
  })

  it('prints each phase of the webhooks server: its ratio to off, events delivered, dropped and the longest drain', () => {
    const text = renderText(results(0))
    expect(text).toMatch(/\| slotlink-webhooks \| consume +\| +0\.93 \| +120000 \| +0 \| +4\.2 \|/)
    expect(text).toMatch(/\| slotlink-webhooks \| mint +\| +0\.80 \| +120000 \| +0 \| +4\.2 \|/)
  })

  it('adds up a phase over its slices and keeps the longest drain', () => {
    const joined = joinSlices([
      { ...window(100), webhooks: { delivered: 10, dropped: 0, drainMs: 300, drained: true } },
      { ...window(100), webhooks: { delivered: 15, dropped: 1, drainMs: 900, drained: true } },
    ])
    expect(joined.webhooks).toEqual({ delivered: 25, dropped: 1, drainMs: 900, drained: true })
    expect(joinSlices([window(100), window(100)]).webhooks).toBeUndefined()
  })
})
