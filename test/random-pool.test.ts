import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RandomBytePool } from '../src/core/random-pool.ts'

describe('RandomBytePool', () => {
  it('hands each byte of each fill out at most once, to one caller, in copies a later refill leaves alone', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 256 }), fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 200 }), fc.integer(), (size, lengths, seed) => {
        // Each fill writes a shuffle of distinct byte values, so (fill, value) names one position of
        // one fill: a byte handed out twice shows up as the same pair twice.
        let fills = 0
        let state = seed | 0
        const next = () => ((state = (Math.imul(state, 1103515245) + 12345) | 0) >>> 0)
        const fill = (buffer: Uint8Array) => {
          fills++
          const values = Array.from({ length: buffer.length }, (_, i) => i % 256)
          for (let i = values.length - 1; i > 0; i--) {
            const j = next() % (i + 1)
            ;[values[i], values[j]] = [values[j]!, values[i]!]
          }
          buffer.set(values)
        }
        const pool = new RandomBytePool(size, fill)
        const seen = new Set<string>()
        const handedOut: { bytes: Uint8Array; copy: number[] }[] = []
        for (const length of lengths) {
          const bytes = pool.take(length)
          expect(bytes.length).toBe(length)
          // A draw comes from the newest fill: a refill, if any, happens before it.
          if (length <= size) for (const value of bytes) {
            const key = `${fills}:${value}`
            expect(seen.has(key), `byte ${key} handed out twice`).toBe(false)
            seen.add(key)
          }
          handedOut.push({ bytes, copy: [...bytes] })
        }
        for (const { bytes, copy } of handedOut) expect([...bytes]).toEqual(copy)
        // No two callers share one array.
        expect(new Set(handedOut.map((h) => h.bytes.buffer)).size).toBe(handedOut.length)
      }),
      { numRuns: 300 },
    )
  })

  it('draws from the platform CSPRNG by default, filling only when first asked', () => {
    let calls = 0
    const original = crypto.getRandomValues.bind(crypto)
    const pool = new RandomBytePool(64, (buffer) => {
      calls++
      original(buffer)
    })
    expect(calls).toBe(0)
    const a = pool.take(16)
    const b = pool.take(16)
    expect(calls).toBe(1)
    expect(a).not.toEqual(b)
    pool.take(40)
    expect(calls).toBe(2)
    const defaults = new RandomBytePool()
    const codes = new Set(Array.from({ length: 1000 }, () => Buffer.from(defaults.take(16)).toString('hex')))
    expect(codes.size).toBe(1000)
  })
})
