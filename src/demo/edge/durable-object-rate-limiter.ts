import type { Logger } from '../../core/logger.ts'
import type { RateLimiter, RateLimitResult } from '../rate-limiter.ts'
import type { RateLimitWindow } from './rate-limit-window.ts'

export interface DurableObjectRateLimiterOptions {
  readonly windows: DurableObjectNamespace<RateLimitWindow>
  /** Keeps this limiter's windows apart from another's that might see the same key. */
  readonly name: string
  readonly limit: number
  readonly windowSeconds: number
  readonly logger: Logger
}

/** How long a caller is asked to wait when the limiter itself cannot be reached. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 5

/**
 * The demo's RateLimiter at the edge: one RateLimitWindow object per limited key, so the count is
 * shared by every isolate. If the object cannot be asked, the hit is refused (429 with
 * Retry-After): these limits slow password guessing and mail floods, and must not switch off when
 * someone manages to overload them.
 *
 * @example
 * const perClient = new DurableObjectRateLimiter({ windows: env.RATE_LIMITS, name: 'login', limit: 30, windowSeconds: 900, logger })
 * await perClient.hit('login:client:203.0.113.9') // { ok: true }
 */
export class DurableObjectRateLimiter implements RateLimiter {
  readonly #options: DurableObjectRateLimiterOptions

  constructor(options: DurableObjectRateLimiterOptions) {
    if (!(options.limit >= 1) || !(options.windowSeconds > 0)) throw new RangeError('limit must be ≥ 1 and windowSeconds > 0')
    this.#options = options
  }

  async hit(key: string): Promise<RateLimitResult> {
    const { windows, name, limit, windowSeconds, logger } = this.#options
    try {
      return await windows.getByName(`${name} ${key}`).hit(limit, windowSeconds * 1000)
    } catch (error) {
      logger.error({ event: 'rate_limiter_unavailable', limiter: name, error: error instanceof Error ? error.name : typeof error })
      return { ok: false, retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS }
    }
  }
}
