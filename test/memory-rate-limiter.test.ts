import { describe, expect, it } from 'vitest'
import { MemoryRateLimiter } from '../src/demo/memory-rate-limiter.ts'

describe('MemoryRateLimiter', () => {
  it('lets `limit` hits through per window, refuses the next with the seconds left, then starts over', async () => {
    let now = 1_000_000
    const limiter = new MemoryRateLimiter({ limit: 3, windowSeconds: 60, now: () => now })
    for (let i = 0; i < 3; i++) expect(await limiter.hit('a')).toEqual({ ok: true })
    expect(await limiter.hit('a')).toEqual({ ok: false, retryAfterSeconds: 60 })
    now += 59_001
    expect(await limiter.hit('a')).toEqual({ ok: false, retryAfterSeconds: 1 })
    now += 999
    expect(await limiter.hit('a')).toEqual({ ok: true })
  })

  it('counts each key on its own', async () => {
    const limiter = new MemoryRateLimiter({ limit: 1, windowSeconds: 60, now: () => 0 })
    expect(await limiter.hit('a')).toEqual({ ok: true })
    expect(await limiter.hit('b')).toEqual({ ok: true })
    expect((await limiter.hit('a')).ok).toBe(false)
  })

  it('stays within maxKeys, forgetting finished windows first and then the oldest', async () => {
    let now = 0
    const limiter = new MemoryRateLimiter({ limit: 1, windowSeconds: 10, now: () => now, maxKeys: 3 })
    await limiter.hit('old')
    now = 11_000 // 'old' has finished
    await limiter.hit('x')
    await limiter.hit('y')
    await limiter.hit('z') // room is made by dropping 'old'
    expect((await limiter.hit('x')).ok).toBe(false) // 'x' is still remembered
    await limiter.hit('w') // full of live windows: the oldest ('x') goes
    expect((await limiter.hit('x')).ok).toBe(true)
    expect((await limiter.hit('w')).ok).toBe(false)
  })

  it('refuses nonsense settings', () => {
    expect(() => new MemoryRateLimiter({ limit: 0, windowSeconds: 60 })).toThrow(RangeError)
    expect(() => new MemoryRateLimiter({ limit: 5, windowSeconds: 0 })).toThrow(RangeError)
  })
})
