/**
 * When a failed webhook is tried again. Exponential backoff with jitter, capped, and a total
 * deadline after which the event is given up (and counted). The default keeps trying for hours,
 * so a receiver that is down for a deploy, a restart or an outage of up to the deadline loses
 * nothing; the jitter spreads the retries of many events so a receiver coming back is not hit by
 * all of them in the same second.
 */
export interface RetryPolicy {
  /** Delay before the second attempt, in ms; each later one doubles, up to `maxDelayMs`. */
  readonly firstDelayMs: number
  readonly maxDelayMs: number
  /** No attempt starts later than this after the event was queued. */
  readonly deadlineMs: number
}

/** 5 s, 10 s, 20 s … 15 min, 15 min …, each between half and all of that, for 6 hours (≥ 1 h, per the contract). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  firstDelayMs: 5_000,
  maxDelayMs: 15 * 60_000,
  deadlineMs: 6 * 60 * 60_000,
}

/**
 * The time of the next attempt after `failedAttempts` failures of an event queued at `queuedAt`, or
 * `undefined` to give up. `random` is in [0, 1): "equal jitter", so a delay is never under half
 * its step and the schedule's span can be reasoned about.
 *
 * @example
 * nextAttemptAt(DEFAULT_RETRY_POLICY, { queuedAt: 0, failedAttempts: 1 }, 0, () => 0.5) // 3750
 */
export function nextAttemptAt(policy: RetryPolicy, entry: { queuedAt: number; failedAttempts: number }, now: number, random: () => number): number | undefined {
  const step = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(entry.failedAttempts - 1, 30))
  const at = now + step / 2 + (step / 2) * random()
  return at - entry.queuedAt > policy.deadlineMs ? undefined : at
}
