/**
 * One paced window: requests arrive evenly spaced at a fixed rate whether or not earlier ones have
 * been answered (open loop), and each one's latency runs from when it was due, not from when it
 * went out. autocannon's `overallRate` cannot do this: it gives each connection a quota per second,
 * which it spends flat out and then idles, so its "half rate" is full-speed bursts and its p99 the
 * saturated one.
 */
import { Pool } from 'undici'
import type autocannon from 'autocannon'
import { cpuMeter, defaultHeaders, summarize, type LoadSettings, type Measurement } from './load.ts'
import type { Scenario } from './scenarios.ts'
import type { Target } from './targets.ts'

/** Bounds a request that gets no answer, so a stuck server ends the window with errors, not a hang. */
const REQUEST_TIMEOUT_MS = 10_000

interface Tally {
  readonly latencies: number[]
  readonly statuses: Record<string, number>
  errors: number
}

type Send = (scheduledAt: number) => Promise<void>

/**
 * Calls `send` for request i at t0 + i/rate, catching up on every request that has fallen due
 * when the event loop was busy. Resolves once the last one has been sent, with t0.
 *
 * Timers only, no setImmediate polling: timers tick by the millisecond, so a request goes out up
 * to ~1 ms after it was due (and that counts in its latency), but polling takes a whole core, and
 * on a small machine that core is the server's (2 cores, slotlink at 4,000/s: p50 7 ms polled
 * against 2 ms on timers).
 */
function drive(rate: number, count: number, send: Send, inFlight: Promise<void>[]): Promise<number> {
  const interval = 1000 / rate
  const t0 = performance.now()
  let sent = 0
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now()
      const due = Math.min(count, Math.floor((now - t0) / interval) + 1)
      while (sent < due) inFlight.push(send(t0 + sent++ * interval))
      if (sent >= count) return resolve(t0)
      setTimeout(tick, Math.max(0, t0 + sent * interval - now))
    }
    tick()
  })
}

/**
 * Builds requests from a scenario's autocannon descriptor the way autocannon does (defaults, the
 * bench's headers, then `setupRequest`), so the same scenarios drive both kinds of window.
 */
function sender(pool: Pool, target: Target, scenario: Scenario, tally: Tally): Send {
  const descriptors = scenario.requests()
  const [descriptor] = descriptors
  // An open loop sends independent requests; a chain (mint, then consume what it minted) needs
  // each connection to wait for its own answers, which is a closed loop.
  if (descriptors.length !== 1 || !descriptor) throw new Error(`${scenario.name}: a paced window needs exactly one request descriptor, not ${descriptors.length}`)
  const { setupRequest, onResponse } = descriptor
  if (typeof setupRequest === 'string' || typeof onResponse === 'string') throw new Error(`${scenario.name}: paced windows take setupRequest and onResponse as functions`)
  const base = (): autocannon.Request => ({
    method: descriptor.method ?? 'GET',
    path: descriptor.path ?? '/',
    headers: { ...defaultHeaders(target), ...descriptor.headers },
    body: descriptor.body ?? '',
  })

  return async (scheduledAt) => {
    try {
      const context = {}
      const request = setupRequest ? setupRequest(base(), context) : base()
      const response = await pool.request({
        method: request.method ?? 'GET',
        path: request.path ?? '/',
        headers: request.headers,
        body: request.body === '' ? null : request.body,
      })
      const body = await response.body.text()
      tally.latencies.push(performance.now() - scheduledAt)
      tally.statuses[response.statusCode] = (tally.statuses[response.statusCode] ?? 0) + 1
      onResponse?.(response.statusCode, body, context, response.headers)
    } catch {
      tally.errors++
    }
  }
}

/** Nearest-rank percentile of sorted values, to 0.1 ms. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  const value = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!
  return Math.round(value * 10) / 10
}

/** Sends `rate × seconds` requests evenly spaced and waits for all of them to be answered or fail. */
async function paceWindow(pool: Pool, target: Target, scenario: Scenario, rate: number, seconds: number) {
  const tally: Tally = { latencies: [], statuses: {}, errors: 0 }
  const inFlight: Promise<void>[] = []
  const t0 = await drive(rate, Math.max(1, Math.round(rate * seconds)), sender(pool, target, scenario, tally), inFlight)
  await Promise.all(inFlight)
  return { tally, seconds: (performance.now() - t0) / 1000 }
}

/**
 * Warm-up, then one measured window of `scenario` against `target` at `rate` requests per second,
 * evenly spaced. It sends rate × (warm-up + duration) requests in all: a consume window needs that
 * many fresh tokens beforehand.
 */
export async function measurePaced(target: Target, scenario: Scenario, settings: LoadSettings, rate: number): Promise<Measurement> {
  // pipelining 1: keep-alive, one request at a time per connection; beyond `connections`
  // outstanding, requests wait in the pool's queue and that wait counts in their latency.
  const pool = new Pool(target.url, { connections: settings.connections, pipelining: 1, headersTimeout: REQUEST_TIMEOUT_MS, bodyTimeout: REQUEST_TIMEOUT_MS, connectTimeout: REQUEST_TIMEOUT_MS })
  try {
    if (settings.warmupSeconds > 0) await paceWindow(pool, target, scenario, rate, settings.warmupSeconds)
    const cpu = cpuMeter(target)
    const { tally, seconds } = await paceWindow(pool, target, scenario, rate, settings.durationSeconds)
    const cpuSpent = cpu()
    const sorted = tally.latencies.sort((a, b) => a - b)
    return summarize(scenario, { statuses: tally.statuses, errors: tally.errors, seconds, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), cpuSeconds: cpuSpent }, rate)
  } finally {
    await pool.close()
  }
}
