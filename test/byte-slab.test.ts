import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ByteSlab } from '../src/core/byte-slab.ts'

describe('ByteSlab', () => {
  it('hands out zeroed views that never overlap, across slab boundaries', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 300 }), (lengths) => {
        const slab = new ByteSlab()
        const views = lengths.map((length, i) => {
          const view = slab.take(length)
          expect(view.length).toBe(length)
          expect(view.every((b) => b === 0)).toBe(true)
          view.fill((i % 255) + 1)
          return view
        })
        // Had any two views shared a byte, the later fill would show in the earlier view.
        views.forEach((view, i) => expect(view.every((b) => b === (i % 255) + 1)).toBe(true))
      }),
      { seed: 20261124 },
    )
  })

  it('gives a large request its own array rather than a view of the slab', () => {
    const slab = new ByteSlab()
    const small = slab.take(100)
    const large = slab.take(4096)
    expect(small.buffer).not.toBe(large.buffer)
    expect(large.byteOffset).toBe(0)
    expect(large.buffer.byteLength).toBe(4096)
  })
})
