/**
 * One measured window: autocannon's programmatic API drives a scenario against a target after a
 * warm-up, and /proc says how much CPU the target's processes spent meanwhile.
 */
import autocannon from 'autocannon'
import { canReadCpu, cpuSeconds } from './helpers/proc-cpu.ts'
import { joinWebhookPhases, type WebhookPhase } from './helpers/webhook-drain.ts'
import type { Scenario } from './scenarios.ts'
import type { Target } from './targets.ts'

export interface Measurement {
  readonly scenario: string
  /** Responses received in the measured window. */
  readonly requests: number
  readonly seconds: number
  readonly rps: number
  readonly p50Ms: number
  readonly p99Ms: number
  /** User + system CPU of the target's processes over the window, per response; null without /proc. */
  readonly cpuUsPerRequest: number | null
  /** Share of responses with the status the scenario expects (201 for a mint, 200 or 404 for a consume…). */
  readonly expectedShare: number
  /** Status codes other than the expected ones, with counts; "errors" for connection errors and timeouts. */
  readonly unexpected: Readonly<Record<string, number>>
  /** The request rate asked for, when the window was paced rather than flat out. */
  readonly pacedRate?: number
  /** With webhooks on: what the phase's events did (delivered, dropped) and how long they took to drain after it. */
  readonly webhooks?: WebhookPhase
}

export interface LoadSettings {
  readonly connections: number
  readonly warmupSeconds: number
  readonly durationSeconds: number
}

/** The headers every bench request carries; a scenario's own headers are added to these. */
export const defaultHeaders = (target: Target): Record<string, string> => ({ authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/json' })

function fire(target: Target, scenario: Scenario, seconds: number, settings: LoadSettings): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: target.url,
        connections: settings.connections,
        duration: seconds,
        headers: defaultHeaders(target),
        requests: scenario.requests(),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    )
  })
}

/**
 * Runs `scenario` unmeasured until `missing()` says there is enough, for about as long as `rate`
 * says it takes (used to mint the tokens a consume window will use).
 */
export async function prime(target: Target, scenario: Scenario, missing: () => number, rate: number, settings: LoadSettings): Promise<void> {
  // autocannon stops on its one-second tick, so whole seconds; a little longer than the rate says,
  // and again if that was not enough.
  for (let attempt = 0; attempt < 5 && missing() > 0; attempt++) {
    await fire(target, scenario, Math.ceil((missing() / Math.max(rate, 100)) * 1.3), settings)
  }
}

/** CPU seconds the target's processes spent since this was called; null without /proc. */
export function cpuMeter(target: Target): () => number | null {
  if (!canReadCpu()) return () => null
  const before = cpuSeconds(target.pids)
  return () => cpuSeconds(target.pids) - before
}

/** What one window counted, however it was driven. */
export interface WindowCounts {
  /** Responses by status code. */
  readonly statuses: Readonly<Record<string, number>>
  /** Connection errors and timeouts. */
  readonly errors: number
  readonly seconds: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly cpuSeconds: number | null
}

/** A window's counts as one row of the table, whichever generator drove it. */
export function summarize(scenario: Scenario, window: WindowCounts, pacedRate?: number): Measurement {
  const responses = Object.values(window.statuses).reduce((sum, n) => sum + n, 0)
  const expected = scenario.expectedStatus.reduce((sum, code) => sum + (window.statuses[String(code)] ?? 0), 0)
  const unexpected = Object.fromEntries(Object.entries(window.statuses).filter(([code]) => !scenario.expectedStatus.includes(Number(code))))
  if (window.errors > 0) unexpected.errors = window.errors
  return {
    scenario: scenario.name,
    requests: responses,
    seconds: window.seconds,
    rps: responses / window.seconds,
    p50Ms: window.p50Ms,
    p99Ms: window.p99Ms,
    cpuUsPerRequest: window.cpuSeconds !== null && responses > 0 ? (window.cpuSeconds * 1e6) / responses : null,
    expectedShare: responses > 0 ? expected / responses : 0,
    unexpected,
    ...(pacedRate ? { pacedRate } : {}),
  }
}

/**
 * One server's slices of a window as one measurement: requests, seconds and CPU add up; p50 is
 * the median slice's and p99 the worst slice's (autocannon reports percentiles, not the samples).
 */
export function joinSlices(parts: readonly Measurement[]): Measurement {
  if (parts.length === 1) return parts[0]!
  const requests = parts.reduce((sum, m) => sum + m.requests, 0)
  const seconds = parts.reduce((sum, m) => sum + m.seconds, 0)
  const weighted = (value: (m: Measurement) => number) => (requests > 0 ? parts.reduce((sum, m) => sum + value(m) * m.requests, 0) / requests : 0)
  const unexpected: Record<string, number> = {}
  for (const m of parts) for (const [status, n] of Object.entries(m.unexpected)) unexpected[status] = (unexpected[status] ?? 0) + n
  const p50s = parts.map((m) => m.p50Ms).sort((a, b) => a - b)
  const webhooks = joinWebhookPhases(parts.map((m) => m.webhooks))
  return {
    scenario: parts[0]!.scenario,
    requests,
    seconds,
    rps: seconds > 0 ? requests / seconds : 0,
    p50Ms: p50s[Math.floor(p50s.length / 2)]!,
    p99Ms: Math.max(...parts.map((m) => m.p99Ms)),
    cpuUsPerRequest: parts.some((m) => m.cpuUsPerRequest === null) ? null : weighted((m) => m.cpuUsPerRequest!),
    expectedShare: weighted((m) => m.expectedShare),
    unexpected,
    ...(webhooks && { webhooks }),
  }
}

/**
 * Warm-up, then one measured window of `scenario` against `target`, flat out: every connection
 * sends its next request as soon as the last one is answered. (Paced windows are bench/paced.ts's.)
 */
export async function measure(target: Target, scenario: Scenario, settings: LoadSettings): Promise<Measurement> {
  if (settings.warmupSeconds > 0) await fire(target, scenario, settings.warmupSeconds, settings)
  const cpu = cpuMeter(target)
  const result = await fire(target, scenario, settings.durationSeconds, settings)
  const cpuSpent = cpu()
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0]))
  return summarize(scenario, { statuses, errors: result.errors, seconds: result.duration, p50Ms: result.latency.p50, p99Ms: result.latency.p99, cpuSeconds: cpuSpent })
}
