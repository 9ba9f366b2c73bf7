/**
 * A bound on password hashing in flight. Each hash costs real memory and CPU (scrypt: 128 MiB and
 * hundreds of milliseconds), so a flood of sign-ups must not queue without end: past `maxActive`
 * running and `maxWaiting` queued, `run` answers `busy` at once (the page says 503 with
 * Retry-After) instead of holding the request and its memory. Sign-up and sign-in each get their
 * own gate, so a flood of one cannot take the other's turns.
 *
 * @example
 * const signup = new HashingGate({ maxActive: 1, maxWaiting: 4 })
 * const hashed = await signup.run(() => passwords.hash(password))
 * if (!hashed.ok) return busyPage(hashed.retryAfterSeconds)
 */
export interface HashingGateOptions {
  /** Hashes running at once through this gate. */
  readonly maxActive: number
  /** Hashes waiting for a turn; one more is refused. */
  readonly maxWaiting: number
  /** What Retry-After says to a refused caller. Default 5 seconds: a few hashes' time. */
  readonly retryAfterSeconds?: number
}

export type GateResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: 'busy'; readonly retryAfterSeconds: number }

const DEFAULT_RETRY_AFTER_SECONDS = 5

export class HashingGate {
  readonly #options: HashingGateOptions
  #active = 0
  readonly #waiting: (() => void)[] = []

  constructor(options: HashingGateOptions) {
    if (!(options.maxActive >= 1) || !(options.maxWaiting >= 0)) throw new RangeError('maxActive must be ≥ 1 and maxWaiting ≥ 0')
    this.#options = options
  }

  async run<T>(task: () => Promise<T>): Promise<GateResult<T>> {
    if (this.#active >= this.#options.maxActive) {
      if (this.#waiting.length >= this.#options.maxWaiting) {
        return { ok: false, reason: 'busy', retryAfterSeconds: this.#options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS }
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve))
    } else this.#active++
    try {
      return { ok: true, value: await task() }
    } finally {
      // Hand the turn straight to the next waiter (active stays the same), or give it back.
      const next = this.#waiting.shift()
      if (next) next()
      else this.#active--
    }
  }
}
