import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { measurePaced } from '../bench/paced.ts'
import type { Scenario } from '../bench/scenarios.ts'
import type { Target } from '../bench/targets.ts'

/**
 * The paced window of bench/paced.ts against a tiny local server: arrivals evenly spread at the
 * asked rate (not autocannon's per-second bursts), and latency counted from when each request was
 * due, so a stall that makes the generator late still shows in the p99.
 */
const API_KEY = 'paced-test-key'
const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()))
})

interface Seen {
  readonly at: number
  readonly body: string
  readonly authorization: string | undefined
  readonly contentType: string | undefined
}

/** A local server that hands each request to `answer` once its body has arrived; it records what it saw. */
async function server(answer: (res: ServerResponse, nth: number) => void): Promise<{ target: Target; seen: Seen[] }> {
  const seen: Seen[] = []
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const at = performance.now()
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk))
    req.on('end', () => {
      seen.push({ at, body, authorization: req.headers.authorization, contentType: req.headers['content-type'] })
      answer(res, seen.length)
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const stop = () => new Promise<void>((resolve) => (http.closeAllConnections(), http.close(() => resolve())))
  stops.push(stop)
  const { port } = http.address() as AddressInfo
  return { target: { name: 'local', url: `http://127.0.0.1:${port}`, apiKey: API_KEY, pids: [process.pid], stop }, seen }
}

/** Numbered POST bodies built by setupRequest, as the bench's scenarios build theirs. */
function numbered(): Scenario {
  let n = 0
  return {
    name: 'numbered',
    expectedStatus: [200],
    requests: () => [{ method: 'POST', path: '/probe', setupRequest: (request) => ({ ...request, body: JSON.stringify({ n: n++ }) }) }],
  }
}

/** Answers `ms` after now, never sooner: a timer can fire up to a millisecond early. */
function answerAfter(res: ServerResponse, ms: number): void {
  const due = performance.now() + ms
  const check = () => (performance.now() >= due ? res.end('ok') : setTimeout(check, due - performance.now()))
  check()
}

/** The most arrivals in any span of `ms` milliseconds. */
function busiest(times: readonly number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b)
  let most = 0
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j]! <= sorted[i]! - ms) j++
    most = Math.max(most, i - j + 1)
  }
  return most
}

describe('paced bench window', () => {
  it('sends the asked rate evenly spread, counts only the measured window, and reports the latency', async () => {
    const { target, seen } = await server((res) => answerAfter(res, 20))
    const rate = 200
    const m = await measurePaced(target, numbered(), { connections: 64, warmupSeconds: 0.5, durationSeconds: 1 }, rate)

    expect(m.pacedRate).toBe(rate)
    expect(m.requests).toBeGreaterThanOrEqual(rate * 0.9)
    expect(m.requests).toBeLessThanOrEqual(rate * 1.1)
    // Warm-up (100) and window (200) both reached the server; only the window was counted.
    expect(seen.length).toBeGreaterThanOrEqual(270)
    expect(seen.length).toBeLessThanOrEqual(330)
    expect(m.expectedShare).toBe(1)
    expect(m.unexpected).toEqual({})
    // Even spacing puts 10 requests in 50 ms, spread over the whole 1.5 s; autocannon's
    // per-second quota sends each connection's share of a second at once (all 200 together).
    // The bound leaves room for a catch-up after the process was held up for up to ~200 ms: it
    // reached 18 with both cores busy, and one garbage collection or descheduling more could
    // have crossed the earlier bound of 25.
    const arrivals = seen.map((s) => s.at)
    expect(busiest(arrivals, 50)).toBeLessThanOrEqual(rate / 4)
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeGreaterThan(1400)
    expect(m.p50Ms).toBeGreaterThanOrEqual(20)
    expect(m.p50Ms).toBeLessThan(100)
    expect(m.p99Ms).toBeGreaterThanOrEqual(m.p50Ms)
    expect(m.rps).toBeGreaterThan(rate * 0.85)
    expect(m.rps).toBeLessThan(rate * 1.1)

    expect(new Set(seen.map((s) => s.body)).size).toBe(seen.length)
    expect(seen.every((s) => s.authorization === `Bearer ${API_KEY}` && s.contentType === 'application/json')).toBe(true)
  })

  it('counts latency from when a request was due, so a stall that delays sending shows in the p99', async () => {
    // The server runs in this process: blocking it for 300 ms also blocks the generator, which
    // then sends the ~60 requests that fell due meanwhile at once. Timed from their late send
    // they took a millisecond; timed from when they were due, up to 300 ms.
    const { target } = await server((res, nth) => {
      if (nth === 60) {
        const until = performance.now() + 300
        while (performance.now() < until);
      }
      res.end('ok')
    })
    const rate = 200
    const m = await measurePaced(target, numbered(), { connections: 64, warmupSeconds: 0, durationSeconds: 1 }, rate)

    expect(m.requests).toBeGreaterThanOrEqual(rate * 0.9)
    expect(m.unexpected).toEqual({})
    expect(m.p99Ms).toBeGreaterThanOrEqual(250)
    expect(m.p50Ms).toBeLessThan(50)
  })

  it('builds each window\'s requests before the window starts, so the generator allocates little while it paces', async () => {
    // The bench process is the load generator: what it allocates while pacing, its collector pays
    // for in pauses that count in the server's latency. A request built as it falls due would be
    // built after the first one had arrived.
    const built: number[] = []
    let n = 0
    const scenario: Scenario = {
      name: 'timed',
      expectedStatus: [200],
      requests: () => [{ method: 'POST', path: '/probe', setupRequest: (request) => (built.push(performance.now()), { ...request, body: String(n++) }) }],
    }
    const { target, seen } = await server((res) => res.end('ok'))
    const m = await measurePaced(target, scenario, { connections: 8, warmupSeconds: 0, durationSeconds: 0.5 }, 100)

    expect(m.requests).toBe(50)
    expect(built).toHaveLength(50)
    expect(Math.max(...built)).toBeLessThan(Math.min(...seen.map((s) => s.at)))
    // Built in order, and sent in that order: the server saw every body once.
    expect(seen.map((s) => Number(s.body)).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i))
  })

  it('counts refused connections as errors instead of throwing', async () => {
    const { target } = await server((res) => res.end('ok'))
    await target.stop()
    const m = await measurePaced(target, numbered(), { connections: 4, warmupSeconds: 0, durationSeconds: 0.2 }, 50)
    expect(m.requests).toBe(0)
    expect(m.unexpected.errors).toBe(10)
  })
})
