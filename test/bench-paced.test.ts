import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { dueAt, measurePaced, requestsDue } from '../bench/paced.ts'
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

describe('paced bench window', () => {
  it('schedules requests evenly spread at the asked rate (arithmetic: no clock, no machine speed)', () => {
    // Autocannon's per-second quota sends each connection's share of a second at once; the paced
    // window makes request i due at i/rate, so any 50 ms holds at most rate/20 + 1 of them.
    for (const rate of [50, 200, 1000, 4000, 6000]) {
      const count = rate * 2
      expect(requestsDue(-1, rate, count)).toBe(0)
      expect(requestsDue(0, rate, count)).toBe(1)
      expect(requestsDue(2000, rate, count)).toBe(count)
      for (let t = 0; t <= 2000; t += 7) {
        expect(requestsDue(t + 50, rate, count) - requestsDue(t, rate, count)).toBeLessThanOrEqual(Math.ceil((50 * rate) / 1000) + 1)
      }
      for (let i = 0; i < count; i += 97) expect(requestsDue(dueAt(i, rate), rate, count)).toBe(i + 1)
    }
  })

  it('sends exactly the asked number of requests, counts only the measured window, and reports latency from when each was due', async () => {
    const { target, seen } = await server((res) => answerAfter(res, 20))
    const rate = 200
    const m = await measurePaced(target, numbered(), { connections: 64, warmupSeconds: 0.5, durationSeconds: 1 }, rate)

    expect(m.pacedRate).toBe(rate)
    // The window's 200 were counted; the warm-up's 100 reached the server too, and were not.
    expect(m.requests).toBe(rate)
    expect(seen.length).toBe(rate * 1.5)
    expect(m.expectedShare).toBe(1)
    expect(m.unexpected).toEqual({})
    // Each answer took at least the server's 20 ms, counted from when it was due (sent late or not).
    expect(m.p50Ms).toBeGreaterThanOrEqual(20)
    expect(m.p99Ms).toBeGreaterThanOrEqual(m.p50Ms)

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
    // The stall shows in the tail however busy the machine is (a busier one only adds to it).
    expect(m.p99Ms).toBeGreaterThanOrEqual(250)
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
