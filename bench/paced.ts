/**
 * One paced window: requests arrive evenly spaced at a fixed rate whether or not earlier ones have
 * been answered (open loop), and each one's latency runs from when it was due, not from when it
 * went out. autocannon's `overallRate` cannot do this: it gives each connection a quota per second,
 * which it spends flat out and then idles, so its "half rate" is full-speed bursts and its p99 the
 * saturated one.
 */
import { Pool, type Dispatcher } from 'undici'
import type autocannon from 'autocannon'
import { cpuMeter, defaultHeaders, summarize, type LoadSettings, type Measurement } from './load.ts'
import type { Scenario } from './scenarios.ts'
import type { Target } from './targets.ts'

/** Bounds a request that gets no answer, so a stuck server ends the window with errors, not a hang. */
const REQUEST_TIMEOUT_MS = 10_000

interface Tally {
  /** Milliseconds from due to answered, in the order answers came; `answered` of them are filled. */
  readonly latencies: Float64Array
  answered: number
  readonly statuses: Record<string, number>
  errors: number
}

/** One window's requests, built before it starts. */
interface Prepared {
  readonly requests: readonly Dispatcher.RequestOptions[]
  readonly contexts: readonly Record<string, unknown>[]
  readonly onResponse: ((status: number, body: string, context: Record<string, unknown>, headers: Record<string, unknown>) => void) | undefined
}

/**
 * Builds `count` requests from a scenario's autocannon descriptor the way autocannon does
 * (defaults, the bench's headers, then `setupRequest`), so the same scenarios drive both kinds of
 * window. They are built before the window, not as each falls due: this process is the load
 * generator, and what it allocates during the window its garbage collector pays for in pauses that
 * count in every server's latency (see `paceWindow`).
 */
function prepare(target: Target, scenario: Scenario, count: number): Prepared {
  const descriptors = scenario.requests()
  const [descriptor] = descriptors
  // An open loop sends independent requests; a chain (mint, then consume what it minted) needs
  // each connection to wait for its own answers, which is a closed loop.
  if (descriptors.length !== 1 || !descriptor) throw new Error(`${scenario.name}: a paced window needs exactly one request descriptor, not ${descriptors.length}`)
  const { setupRequest, onResponse } = descriptor
  if (typeof setupRequest === 'string' || typeof onResponse === 'string') throw new Error(`${scenario.name}: paced windows take setupRequest and onResponse as functions`)
  const headers = { ...defaultHeaders(target), ...descriptor.headers }
  const contexts = Array.from({ length: onResponse ? count : 0 }, () => ({}))
  const requests = Array.from({ length: count }, (_, i): Dispatcher.RequestOptions => {
    const base: autocannon.Request = { method: descriptor.method ?? 'GET', path: descriptor.path ?? '/', headers, body: descriptor.body ?? '' }
    const request = setupRequest ? setupRequest(base, contexts[i] ?? {}) : base
    return {
      method: (request.method ?? 'GET') as Dispatcher.HttpMethod,
      path: request.path ?? '/',
      headers: request.headers,
      body: request.body === '' || request.body === undefined ? null : request.body,
    }
  })
  return { requests, contexts, onResponse: onResponse as Prepared['onResponse'] }
}

/**
 * How many of `count` requests paced at `rate` per second have fallen due `elapsedMs` after the
 * first: request i is due at i/rate seconds. Evenly spread by construction, whatever the machine.
 */
export function requestsDue(elapsedMs: number, rate: number, count: number): number {
  if (elapsedMs < 0) return 0
  return Math.min(count, Math.floor((elapsedMs * rate) / 1000) + 1)
}

/** When request `i` of a window paced at `rate` per second is due, in milliseconds after the first. */
export function dueAt(i: number, rate: number): number {
  return (i * 1000) / rate
}

/**
 * Sends request i at t0 + i/rate, catching up on every request that has fallen due when the event
 * loop was busy, and resolves once every request has been answered or has failed.
 *
 * Timers only, no setImmediate polling: timers tick by the millisecond, so a request goes out up
 * to ~1 ms after it was due (and that counts in its latency), but polling takes a whole core, and
 * on a small machine that core is the server's (2 cores, slotlink at 4,000/s: p50 7 ms polled
 * against 2 ms on timers).
 */
function paceRequests(pool: Pool, prepared: Prepared, rate: number, tally: Tally): Promise<number> {
  const { requests, contexts, onResponse } = prepared
  const count = requests.length
  const t0 = performance.now()
  let sent = 0
  let settled = 0
  return new Promise((resolve) => {
    const settle = () => {
      if (++settled === count) resolve(t0)
    }
    const send = async (i: number) => {
      const due = t0 + dueAt(i, rate)
      try {
        const response = await pool.request(requests[i]!)
        // Read the whole body as a client would; keep it only if the scenario looks at it.
        const body = onResponse ? await response.body.text() : (await response.body.dump(), '')
        tally.latencies[tally.answered++] = performance.now() - due
        tally.statuses[response.statusCode] = (tally.statuses[response.statusCode] ?? 0) + 1
        onResponse?.(response.statusCode, body, contexts[i]!, response.headers)
      } catch {
        tally.errors++
      } finally {
        settle()
      }
    }
    const tick = () => {
      const now = performance.now()
      const due = requestsDue(now - t0, rate, count)
      while (sent < due) void send(sent++)
      if (sent < count) setTimeout(tick, Math.max(0, t0 + dueAt(sent, rate) - now))
    }
    if (count === 0) resolve(t0)
    else tick()
  })
}

/** Nearest-rank percentile of sorted values, to 0.1 ms. */
function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0
  const value = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!
  return Math.round(value * 10) / 10
}

/**
 * Sends `rate × seconds` requests evenly spaced and waits for all of them to be answered or fail.
 *
 * This process's own pauses are the servers' latency: a request due during a pause goes out late,
 * and that wait counts. Its collector stalled it for 10–18 ms per window when each request's
 * promise was kept until the end and its body built on the fly, and those stalls were where
 * slow answers bunched (ceiling and slotlink alike). So the requests are built first, each
 * answer leaves nothing behind but a number, and the window starts from a full collection
 * (`npm run bench` passes --expose-gc).
 */
async function paceWindow(pool: Pool, target: Target, scenario: Scenario, rate: number, seconds: number) {
  const count = Math.max(1, Math.round(rate * seconds))
  const prepared = prepare(target, scenario, count)
  const tally: Tally = { latencies: new Float64Array(count), answered: 0, statuses: {}, errors: 0 }
  ;(globalThis as { gc?: () => void }).gc?.()
  const t0 = await paceRequests(pool, prepared, rate, tally)
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
    const sorted = tally.latencies.subarray(0, tally.answered).sort()
    return summarize(scenario, { statuses: tally.statuses, errors: tally.errors, seconds, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), cpuSeconds: cpuSpent }, rate)
  } finally {
    await pool.close()
  }
}
