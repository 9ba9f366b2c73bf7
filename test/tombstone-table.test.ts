import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TombstoneTable, type Tombstone, type TombstoneReason } from '../workers/tombstone-table.ts'

/**
 * The tombstone table is hand-written (records in typed arrays, chained per slot index, a free
 * list, a sweep that unlinks as it walks), so it is checked against a Map on random sequences
 * that fill it, sweep it and reuse its records.
 */
const NOW = 1_800_000_000
const reasons: TombstoneReason[] = ['consumed', 'redeemed', 'revoked', 'superseded', 'locked']

type Write = { index: number; generation: number; reason: TombstoneReason; life: number; replay: boolean }
type Op =
  | ({ op: 'put' } & Write)
  | ({ op: 'add' } & Write)
  | { op: 'get'; index: number; generation: number }
  | { op: 'sweep'; advance: number }

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('add' as const), index: fc.nat(3000), generation: fc.nat(3), reason: fc.constantFrom(...reasons), life: fc.integer({ min: 1, max: 200 }), replay: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('put' as const), index: fc.nat(3000), generation: fc.nat(3), reason: fc.constantFrom(...reasons), life: fc.integer({ min: 1, max: 200 }), replay: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('get' as const), index: fc.nat(3000), generation: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('sweep' as const), advance: fc.integer({ min: 0, max: 60 }) }) },
)

function run(ops: Op[]) {
  // Room for the indexes the operations use (nat(3000)), not the default 2^24: 200 runs each
  // mapping and zeroing a full-size table made this test slow on a busy machine.
  const table = new TombstoneTable(4096)
  const model = new Map<string, Tombstone>()
  let now = NOW
  for (const step of ops) {
    const key = step.op === 'sweep' ? '' : `${step.index}:${step.generation}`
    if (step.op === 'put' || step.op === 'add') {
      const tombstone = { reason: step.reason, at: now, expiresAt: now + step.life, replay: step.replay }
      // `add` is for a slot that has just closed, whose address has no tombstone yet (slot-ledger.ts).
      if (step.op === 'add' && model.has(key)) continue
      if (step.op === 'add') table.add(step.index, step.generation, tombstone)
      else table.put(step.index, step.generation, tombstone)
      model.set(key, tombstone)
    } else if (step.op === 'get') {
      expect(table.get(step.index, step.generation)).toEqual(model.get(key))
    } else {
      now += step.advance
      const due = [...model].filter(([, t]) => t.expiresAt <= now)
      const dropped: string[] = []
      expect(table.sweep(now, (index, generation) => dropped.push(`${index}:${generation}`))).toBe(due.length)
      expect(dropped.sort()).toEqual(due.map(([k]) => k).sort())
      for (const [k] of due) model.delete(k)
    }
    expect(table.size).toBe(model.size)
  }
  for (const [k, t] of model) {
    const [index, generation] = k.split(':').map(Number) as [number, number]
    expect(table.get(index, generation)).toEqual(t)
  }
  expect([...table.entries()]).toHaveLength(model.size)
  table.sweep(Number.MAX_SAFE_INTEGER)
  expect(table.size).toBe(0)
  expect(table.nextExpiry()).toBeUndefined()
}

describe('TombstoneTable', () => {
  it('agrees with a Map on random puts, gets and sweeps', () => {
    fc.assert(fc.property(fc.array(op, { minLength: 100, maxLength: 300 }), run), { numRuns: 200 })
  })

  it('agrees with thousands live at once, and reuses what a sweep freed', () => {
    // Rare, short sweeps: thousands of tombstones live at once, several per slot index.
    const filling = fc.oneof(
      { weight: 200, arbitrary: op.filter((o) => o.op !== 'sweep') },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('sweep' as const), advance: fc.integer({ min: 0, max: 5 }) }) },
    )
    const emptying = fc.constant<Op[]>(Array.from({ length: 50 }, () => ({ op: 'sweep' as const, advance: 5 })))
    const table = new TombstoneTable()
    for (let i = 0; i < 5000; i++) table.put(i, 0, { reason: 'consumed', at: NOW, expiresAt: NOW + 1 + (i % 7), replay: false })
    expect(table.size).toBe(5000)
    expect(table.get(4999, 0)).toEqual({ reason: 'consumed', at: NOW, expiresAt: NOW + 1 + (4999 % 7), replay: false })
    expect(table.sweep(NOW + 4)).toBe([...Array(5000).keys()].filter((i) => 1 + (i % 7) <= 4).length)
    const left = table.size
    expect(table.sweep(NOW + 8)).toBe(left)
    expect(table.size).toBe(0)
    fc.assert(fc.property(fc.array(filling, { minLength: 8000, maxLength: 9000 }), emptying, (ops, tail) => run([...ops, ...tail])), { numRuns: 3, endOnFailure: true })
    // A bound on a hang, not on speed: three runs of ~9,000 operations checked against the model
    // take a few seconds alone and several times that with the other core busy.
  }, 120_000)

  it('keeps one slot index with 200,000 tombstones (links used as soon as issued reuse an index), and sweeps them in one pass', () => {
    // Unlinking one record at a time from the chain's head took 2·10¹⁰ steps for this; two passes take 4·10⁵.
    const table = new TombstoneTable(16)
    const CHAIN = 200_000
    for (let generation = 0; generation < CHAIN; generation++) {
      table.add(3, generation, { reason: generation % 2 ? 'consumed' : 'revoked', at: NOW, expiresAt: NOW + 1 + (generation % 2), replay: false })
    }
    table.add(4, 0, { reason: 'locked', at: NOW, expiresAt: NOW + 1, replay: false })
    expect(table.size).toBe(CHAIN + 1)
    const dropped: number[] = []
    expect(table.sweep(NOW + 1, (index, generation) => index === 3 && dropped.push(generation))).toBe(CHAIN / 2 + 1)
    expect(dropped).toHaveLength(CHAIN / 2)
    expect(dropped.every((generation) => generation % 2 === 0)).toBe(true)
    expect(table.get(3, 0)).toBeUndefined()
    expect(table.get(4, 0)).toBeUndefined()
    expect(table.get(3, CHAIN - 1)).toEqual({ reason: 'consumed', at: NOW, expiresAt: NOW + 2, replay: false })
    expect(table.get(3, 1)).toEqual({ reason: 'consumed', at: NOW, expiresAt: NOW + 2, replay: false })
    // The freed records are reused, and the rest go at their expiry.
    table.add(5, 7, { reason: 'redeemed', at: NOW + 1, expiresAt: NOW + 3, replay: true })
    expect(table.sweep(NOW + 2)).toBe(CHAIN / 2)
    expect(table.size).toBe(1)
    expect(table.get(5, 7)).toEqual({ reason: 'redeemed', at: NOW + 1, expiresAt: NOW + 3, replay: true })
  }, 120_000)
})
