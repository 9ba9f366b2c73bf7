import { DurableObject } from 'cloudflare:workers'
import type { RateLimitResult } from '../rate-limiter.ts'

interface Window {
  /** Milliseconds since the epoch. */
  readonly start: number
  readonly count: number
}

const WINDOW_KEY = 'window'

/**
 * One rate-limited thing (one client address, one hashed email address), as a Durable Object named
 * after it: every isolate everywhere that sees a hit for it asks this one object, so the limit
 * holds across isolates and locations. A fixed window, like the Node server's MemoryRateLimiter;
 * an alarm at the window's end deletes the object's storage, so idle keys cost nothing.
 */
export class RateLimitWindow extends DurableObject {
  /** Counts a hit, or refuses it once `limit` hits fell in the current window of `windowMs`. */
  async hit(limit: number, windowMs: number): Promise<RateLimitResult> {
    const kv = this.ctx.storage.kv
    const now = Date.now()
    let window = kv.get<Window>(WINDOW_KEY)
    if (!window || now - window.start >= windowMs) {
      window = { start: now, count: 0 }
      await this.ctx.storage.setAlarm(now + windowMs)
    }
    if (window.count >= limit) {
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + windowMs - now) / 1000)) }
    }
    kv.put<Window>(WINDOW_KEY, { start: window.start, count: window.count + 1 })
    return { ok: true }
  }

  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll()
  }
}
