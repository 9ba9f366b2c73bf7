/**
 * One measured window: autocannon's programmatic API drives a scenario against a target after a
 * warm-up, and /proc says how much CPU the target's processes spent meanwhile.
 */
import autocannon from 'autocannon'
import { canReadCpu, cpuSeconds } from './helpers/proc-cpu.ts'
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
}

export interface LoadSettings {
  readonly connections: number
  readonly warmupSeconds: number
  readonly durationSeconds: number
}

function fire(target: Target, scenario: Scenario, seconds: number, settings: LoadSettings, extra: Partial<autocannon.Options> = {}): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: target.url,
        connections: settings.connections,
        duration: seconds,
        headers: { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/json' },
        requests: scenario.requests(),
        ...extra,
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

/** Warm-up, then one measured window of `scenario` against `target`. */
export async function measure(target: Target, scenario: Scenario, settings: LoadSettings, overallRate?: number): Promise<Measurement> {
  const paced = overallRate ? { overallRate } : {}
  if (settings.warmupSeconds > 0) await fire(target, scenario, settings.warmupSeconds, settings, paced)
  const cpu = canReadCpu()
  const cpuBefore = cpu ? cpuSeconds(target.pids) : 0
  const result = await fire(target, scenario, settings.durationSeconds, settings, paced)
  const cpuAfter = cpu ? cpuSeconds(target.pids) : 0

  const counts: Record<string, number> = {}
  let responses = 0
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
    counts[code] = stat.count ?? 0
    responses += stat.count ?? 0
  }
  const expected = scenario.expectedStatus.reduce((sum, code) => sum + (counts[String(code)] ?? 0), 0)
  const unexpected = Object.fromEntries(Object.entries(counts).filter(([code]) => !scenario.expectedStatus.includes(Number(code))))
  if (result.errors > 0) unexpected.errors = result.errors
  const seconds = result.duration
  return {
    scenario: scenario.name,
    requests: responses,
    seconds,
    rps: responses / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    cpuUsPerRequest: cpu && responses > 0 ? ((cpuAfter - cpuBefore) * 1e6) / responses : null,
    expectedShare: responses > 0 ? expected / responses : 0,
    unexpected,
    ...(overallRate ? { pacedRate: overallRate } : {}),
  }
}
