import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseOptions } from '../bench/options.ts'
import { runBench, writeResults } from '../bench/run.ts'
import { startTarget, type Target } from '../bench/targets.ts'

/**
 * The benchmark harness end to end with tiny windows and without Redis or Postgres: real servers
 * in their own processes, real load, real /proc readings. It checks that the harness measures
 * (plausible numbers, the statuses each scenario should get), not how fast anything is.
 */
describe('npm run bench (smoke)', () => {
  const out = mkdtempSync(join(tmpdir(), 'slotlink-bench-smoke-'))
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  it('runs every scenario against slotlink and the ceiling and writes the table, JSON and SVG', async () => {
    const options = parseOptions(
      ['--warmup=0', '--duration=2', '--slices=2', '--connections=16', '--servers=slotlink,ceiling', '--memory-links=10000', '--growth=100,1000', '--startup=0', `--out=${out}`],
      {},
    )
    const results = await runBench(options)
    const text = writeResults(results, out)

    const scenarios = ['mint', 'consume', 'mint→consume', 'forged', 'consume @½']
    for (const server of ['slotlink', 'ceiling']) {
      for (const scenario of scenarios) {
        const row = results.rows.find((r) => r.server === server && r.scenario === scenario)
        expect(row, `${server} ${scenario}`).toBeDefined()
        expect(row!.requests).toBeGreaterThan(0)
        expect(row!.rps).toBeGreaterThan(0)
        expect(row!.p50Ms).toBeGreaterThanOrEqual(0)
        expect(row!.p99Ms).toBeGreaterThanOrEqual(row!.p50Ms)
        expect(row!.cpuUsPerRequest).toBeGreaterThan(0)
        expect(row!.cpuUsPerRequest).toBeLessThan(1_000_000)
      }
    }
    const slotlink = (scenario: string) => results.rows.find((r) => r.server === 'slotlink' && r.scenario === scenario)!
    // Minted links are consumed once each (200), and forgeries are refused (404): the harness
    // feeds each scenario the tokens it means to.
    for (const scenario of ['mint', 'consume', 'mint→consume', 'forged']) expect(slotlink(scenario).expectedShare, scenario).toBeGreaterThan(0.99)
    // Each flat-out row is two one-second slices joined; the paced row is one window.
    for (const scenario of ['mint', 'consume', 'mint→consume', 'forged']) expect(slotlink(scenario).seconds, scenario).toBeGreaterThan(1.8)

    const memory = results.memory.find((m) => m.store === 'slotlink' && m.per === 'open link')!
    expect(memory.bytesPerLink).toBeGreaterThan(0)
    expect(memory.bytesPerLink).toBeLessThan(5_000)
    // Measured through the library; at 10,000 the figure is mostly noise, so only its presence is checked.
    expect(results.memory.find((m) => m.store === 'slotlink' && m.per === 'tombstone')?.bytesPerLink).toEqual(expect.any(Number))
    expect(results.growth.map((g) => g.open)).toEqual([100, 1000])
    for (const g of results.growth) expect(g.mint.rps * g.consume.rps).toBeGreaterThan(0)
    expect(results.skipped).toEqual([])

    expect(text).toMatch(/\| server +\| scenario +\| req\/s/)
    expect(text).toContain('targets:')
    const json = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8'))
    expect(json.rows).toHaveLength(results.rows.length)
    expect(readFileSync(join(out, 'latest.svg'), 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*<rect[\s\S]*<\/svg>\s*$/)
    // A bound on a hang, not on speed: the run's own windows take about a minute, and starting five
    // servers and filling 10,000 links takes as long again on a busy two-core machine.
  }, 300_000)

  it('has a refusing ceiling for the forged row, and a busy one: the same app, every consume answered as a forgery', async () => {
    const consume = async (target: Target) => {
      const response = await fetch(`${target.url}/api/links/consume`, {
        method: 'POST',
        headers: { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ token: 'A'.repeat(120), purpose: 'reset_password' }),
      })
      return [response.status, ((await response.json()) as { error?: string }).error]
    }
    const targets = await Promise.all([startTarget('ceiling'), startTarget('ceiling-refusing'), startTarget('ceiling-busy-2us')])
    try {
      const [ceiling, refusing, busy] = targets as Target[]
      expect(await consume(ceiling!)).toEqual([200, undefined])
      expect(await consume(refusing!)).toEqual([404, 'invalid'])
      expect(await consume(busy!)).toEqual([404, 'invalid'])
    } finally {
      await Promise.all(targets.map((t) => (typeof t === 'string' ? undefined : t.stop())))
    }
  }, 60_000)

  it('refuses an unknown flag or server instead of running something else', () => {
    expect(() => parseOptions(['--durations=1'], {})).toThrow(/unknown argument/)
    expect(() => parseOptions(['--servers=slotlink,memcached'], {})).toThrow(/unknown server/)
    expect(parseOptions(['--servers=ceiling-busy-2us,ceiling-busy-0.5us'], {}).servers).toEqual(['ceiling-busy-2us', 'ceiling-busy-0.5us'])
    for (const name of ['ceiling-busy-us', 'ceiling-busy-2', 'ceiling-busy--1us', 'ceiling-busy-1e3us']) {
      expect(() => parseOptions([`--servers=${name}`], {}), name).toThrow(/unknown server/)
    }
    expect(() => parseOptions(['--slices=0'], {})).toThrow(/--slices must be a number ≥ 1/)
    expect(parseOptions(['--slices=3'], {}).slices).toBe(3)
    expect(parseOptions([], { BENCH_DURATION: '2' }).durationSeconds).toBe(2)
    expect(parseOptions(['--duration=3'], { BENCH_DURATION: '2' }).durationSeconds).toBe(3)
  })
})
