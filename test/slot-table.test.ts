import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SlotTable, type SlotAddress, type SlotFields } from '../workers/slot-table.ts'

/**
 * The slot table is hand-written (typed arrays, a byte arena, an open-addressing subject index,
 * an expiry heap), so it is checked against the simplest model that states its semantics: a Map
 * from address to slot. Random sequences of every public method must agree with the model.
 */

const HASH_BYTES = 16
const NOW = 1_800_000_000

interface ModelSlot {
  fields: SlotFields
  codeHash: Uint8Array
}
const key = (a: SlotAddress) => `${a.index}:${a.generation}`
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i])

// Few subjects, so that chains of one subject form; some not Latin-1, some with lone surrogates.
const subject = fc.oneof(
  fc.constantFrom('user-1', 'user-2', 'user-3', 'é', '日本', 'a\ud800b', '\udfff', 'x'.repeat(256)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }),
)
const purpose = fc.constantFrom('reset_password', 'sign_in', 'confirm_email')
const data = fc.oneof(
  fc.constant(null),
  fc.constant('{}'),
  fc.jsonValue().map((v) => JSON.stringify({ v })),
  fc.string({ unit: 'binary', maxLength: 40 }).map((s) => JSON.stringify({ s })),
)
const codeHash = fc.uint8Array({ minLength: HASH_BYTES, maxLength: HASH_BYTES })

type Op =
  | { op: 'open'; fields: SlotFields; codeHash: Uint8Array }
  | { op: 'find' | 'take'; pick: number; forge: 'none' | 'hash' | 'generation' }
  | { op: 'revokeSubject'; subject: string; purpose: string | undefined }
  | { op: 'expire'; advance: number }
  | { op: 'restore' }

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('open' as const),
      fields: fc.record({ purpose, subject, data, expiresAt: fc.integer({ min: NOW + 1, max: NOW + 100 }) }),
      codeHash,
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('find' as const, 'take' as const), pick: fc.nat(), forge: fc.constantFrom('none' as const, 'none' as const, 'hash' as const, 'generation' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('revokeSubject' as const), subject, purpose: fc.option(purpose, { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('expire' as const), advance: fc.integer({ min: 0, max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('restore' as const) }) },
)

/** Rebuilds a table from another's entries, in shuffled order, as a snapshot restore would. */
function restoreInto(from: SlotTable, maxSlots: number, shuffle: (n: number) => number): SlotTable {
  const entries = [...from.entries()]
  for (let i = entries.length - 1; i > 0; i--) {
    const j = shuffle(i + 1)
    ;[entries[i], entries[j]] = [entries[j]!, entries[i]!]
  }
  const table = new SlotTable({ maxSlots, codeHashBytes: HASH_BYTES })
  for (const e of entries) expect(table.restore(e.address, e.fields, e.codeHash, e.extras)).toBe(true)
  for (const e of entries) expect(table.restore(e.address, e.fields, e.codeHash, e.extras)).toBe(false)
  return table
}

function runAgainstModel(ops: Op[], maxSlots: number): void {
  let table = new SlotTable({ maxSlots, codeHashBytes: HASH_BYTES })
  const model = new Map<string, ModelSlot>()
  const issued: SlotAddress[] = []
  let now = NOW
  let seed = 1
  const shuffle = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n

  for (const step of ops) {
    switch (step.op) {
      case 'open': {
        const address = table.open(step.fields, step.codeHash)
        if (model.size >= maxSlots) {
          expect(address).toBeUndefined()
          break
        }
        expect(address).toBeDefined()
        expect(model.has(key(address!))).toBe(false)
        model.set(key(address!), { fields: { ...step.fields }, codeHash: step.codeHash.slice() })
        issued.push(address!)
        break
      }
      case 'find':
      case 'take': {
        if (issued.length === 0) break
        const real = issued[step.pick % issued.length]!
        const address = step.forge === 'generation' ? { ...real, generation: real.generation + 1 } : real
        const slot = model.get(key(address))
        const hash = slot ? slot.codeHash.slice() : new Uint8Array(HASH_BYTES)
        if (step.forge === 'hash') hash[step.pick % HASH_BYTES]! ^= 1
        const expected = slot && sameBytes(slot.codeHash, hash) && slot.fields.expiresAt > now ? slot.fields : undefined
        const got = step.op === 'find' ? table.find(address, hash, now) : table.take(address, hash, now)
        expect(got).toEqual(expected)
        if (step.op === 'take' && expected) model.delete(key(address))
        break
      }
      case 'revokeSubject': {
        const doomed = [...model].filter(([, s]) => s.fields.subject === step.subject && (step.purpose === undefined || s.fields.purpose === step.purpose))
        expect(table.revokeSubject(step.subject, step.purpose)).toBe(doomed.length)
        for (const [k] of doomed) model.delete(k)
        break
      }
      case 'expire': {
        now += step.advance
        const doomed = [...model].filter(([, s]) => s.fields.expiresAt <= now)
        expect(table.expire(now)).toBe(doomed.length)
        for (const [k] of doomed) model.delete(k)
        break
      }
      case 'restore':
        table = restoreInto(table, maxSlots, shuffle)
        break
    }
    expect(table.size).toBe(model.size)
    const soonest = Math.min(...[...model.values()].map((s) => s.fields.expiresAt))
    expect(table.nextExpiry()).toBe(model.size ? soonest : undefined)
  }

  const entries = [...table.entries()]
  expect(entries).toHaveLength(model.size)
  for (const e of entries) {
    const slot = model.get(key(e.address))
    expect(slot?.fields).toEqual(e.fields)
    expect(sameBytes(slot!.codeHash, e.codeHash)).toBe(true)
  }
}

describe('SlotTable', () => {
  it('agrees with a Map model on random sequences of every operation', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 120 }), (ops) => runAgainstModel(ops, 1000)), { numRuns: 300 })
  })

  it('answers capacity (undefined) at maxSlots and recovers when a slot frees', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), (ops) => runAgainstModel(ops, 3)), { numRuns: 200 })
  })

  it('keeps every slot through index growth, arena compaction and long subject chains', () => {
    // Enough opens to rehash the subject index and reallocate the arena several times, with
    // churn in between so that compaction has garbage to drop.
    const big = fc.string({ unit: 'binary', minLength: 200, maxLength: 400 }).map((s) => JSON.stringify({ s }))
    const heavy = fc.array(
      fc.oneof(
        { weight: 6, arbitrary: fc.record({ op: fc.constant('open' as const), fields: fc.record({ purpose, subject: fc.oneof(subject, fc.nat(3000).map((n) => `user-${n}`)), data: fc.oneof(data, big), expiresAt: fc.integer({ min: NOW + 1, max: NOW + 100 }) }), codeHash }) },
        { weight: 3, arbitrary: fc.record({ op: fc.constant('take' as const), pick: fc.nat(), forge: fc.constant('none' as const) }) },
        { weight: 1, arbitrary: fc.record({ op: fc.constant('revokeSubject' as const), subject, purpose: fc.constant(undefined) }) },
      ),
      { minLength: 2500, maxLength: 3000 },
    )
    fc.assert(fc.property(heavy, (ops) => runAgainstModel([...ops, { op: 'restore' }, { op: 'expire', advance: 50 }], 100_000)), { numRuns: 3, endOnFailure: true })
  })

  it('keeps the slots that stay open while links used as soon as issued compact the arena again and again (into the spare it left)', () => {
    const table = new SlotTable({ maxSlots: 1000, codeHashBytes: HASH_BYTES })
    const hash = new Uint8Array(HASH_BYTES).fill(3)
    const kept = Array.from({ length: 50 }, (_, n) => ({ fields: { purpose: 'sign_in', subject: `kept-${n}`, data: JSON.stringify({ n, pad: 'k'.repeat(300 + n) }), expiresAt: NOW + 600 } }))
    const addresses = kept.map(({ fields }) => table.open(fields, hash)!)
    // 20,000 × ~330 bytes of freed records: about a hundred compactions of a ~32 KiB live set.
    for (let n = 0; n < 20_000; n++) {
      const fields = { purpose: 'reset_password', subject: `churn-${n}`, data: JSON.stringify({ n, pad: 'c'.repeat(300) }), expiresAt: NOW + 600 }
      const address = table.open(fields, hash)!
      expect(table.take(address, hash, NOW)).toEqual(fields)
    }
    kept.forEach(({ fields }, n) => expect(table.find(addresses[n]!, hash, NOW)).toEqual(fields))
    expect(table.size).toBe(50)
    expect([...table.subjectIndexes('kept-7')]).toEqual([addresses[7]!.index])
  })

  it('gives a freed index a new generation, so an old handle finds nothing', () => {
    const table = new SlotTable({ maxSlots: 1, codeHashBytes: HASH_BYTES })
    const hash = new Uint8Array(HASH_BYTES).fill(7)
    const fields = { purpose: 'sign_in', subject: 'user-1', data: null, expiresAt: NOW + 60 }
    const first = table.open(fields, hash)!
    expect(table.take(first, hash, NOW)).toEqual(fields)
    const second = table.open(fields, hash)!
    expect(second.index).toBe(first.index)
    expect(second.generation).not.toBe(first.generation)
    expect(table.take(first, hash, NOW)).toBeUndefined()
    expect(table.find(second, hash, NOW)).toEqual(fields)
  })

  it('keeps a typed code, its wrong attempts and the creation time through a snapshot restore', () => {
    const table = new SlotTable({ maxSlots: 4, codeHashBytes: HASH_BYTES })
    const fields = { purpose: 'sign_in', subject: 'user-1', data: null, expiresAt: NOW + 600 }
    const typed = new Uint8Array(8).fill(5)
    const address = table.open(fields, new Uint8Array(HASH_BYTES), { typedCodeHash: typed, attempts: 0, createdAtMs: NOW * 1000 - 123 })!
    const index = table.locate(address, NOW)
    expect(table.tryTypedCode(index, new Uint8Array(8))).toEqual({ kind: 'wrong', attemptsLeft: 4 })
    const [entry] = [...table.entries()]
    expect(entry!.extras).toEqual({ typedCodeHash: typed, attempts: 1, createdAtMs: NOW * 1000 - 123 })
    const restored = new SlotTable({ maxSlots: 4, codeHashBytes: HASH_BYTES })
    expect(restored.restore(entry!.address, entry!.fields, entry!.codeHash, entry!.extras)).toBe(true)
    const again = restored.locate(address, NOW)
    expect(restored.tryTypedCode(again, new Uint8Array(8))).toEqual({ kind: 'wrong', attemptsLeft: 3 })
    expect(restored.tryTypedCode(again, typed)).toEqual({ kind: 'right' })
    expect(restored.createdAtMs(again)).toBe(NOW * 1000 - 123)
  })

  it('refuses a subject too long to store without changing anything', () => {
    const table = new SlotTable({ maxSlots: 10, codeHashBytes: HASH_BYTES })
    const hash = new Uint8Array(HASH_BYTES)
    expect(() => table.open({ purpose: 'sign_in', subject: 'x'.repeat(40_000), data: null, expiresAt: NOW + 60 }, hash)).toThrow(RangeError)
    expect(table.size).toBe(0)
    const address = table.open({ purpose: 'sign_in', subject: 'y', data: null, expiresAt: NOW + 60 }, hash)
    expect(address).toEqual({ index: 0, generation: 0 })
  })
})
