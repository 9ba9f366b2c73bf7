import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MemoryOutbox } from '../src/core/webhooks/memory-outbox.ts'
import type { OutboxEntry } from '../src/core/webhooks/outbox.ts'

const entry = (id: string, at: number): OutboxEntry => ({ id, type: 'link.issued', payload: '{}', queuedAt: 0, failedAttempts: 0, nextAttemptAt: at })

type Command =
  | { op: 'add'; at: number }
  | { op: 'take'; now: number }
  | { op: 'retry'; pick: number; at: number }
  | { op: 'remove'; pick: number }

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), at: fc.integer({ min: 0, max: 100 }) }),
  fc.record({ op: fc.constant('take' as const), now: fc.integer({ min: 0, max: 120 }) }),
  fc.record({ op: fc.constant('retry' as const), pick: fc.nat(), at: fc.integer({ min: 0, max: 100 }) }),
  fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
)

describe('MemoryOutbox against a model (a plain list scanned for the minimum)', () => {
  it('takes due entries earliest first, keeps taken ones counted until removed, and forgets removed ones', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 200 }), (commands) => {
        const outbox = new MemoryOutbox()
        /** Waiting entries by id with their due time, and taken (in flight) ones. */
        const waiting = new Map<string, number>()
        const taken = new Set<string>()
        let next = 0
        for (const c of commands) {
          if (c.op === 'add') {
            const id = `e${next++}`
            outbox.add(entry(id, c.at))
            waiting.set(id, c.at)
          } else if (c.op === 'take') {
            const due = [...waiting].filter(([, at]) => at <= c.now)
            const got = outbox.takeDue(c.now)
            if (due.length === 0) expect(got).toBeUndefined()
            else {
              const earliest = Math.min(...due.map(([, at]) => at))
              expect(got).toBeDefined()
              expect(waiting.get(got!.id)).toBe(earliest)
              waiting.delete(got!.id)
              taken.add(got!.id)
            }
          } else if (c.op === 'retry' && taken.size > 0) {
            const id = [...taken][c.pick % taken.size]!
            outbox.retry(entry(id, c.at))
            taken.delete(id)
            waiting.set(id, c.at)
          } else if (c.op === 'remove' && taken.size + waiting.size > 0) {
            const ids = [...taken, ...waiting.keys()]
            const id = ids[c.pick % ids.length]!
            outbox.remove(id)
            taken.delete(id)
            waiting.delete(id)
          }
          expect(outbox.size).toBe(waiting.size + taken.size)
          expect(outbox.nextDueAt()).toBe(waiting.size === 0 ? undefined : Math.min(...waiting.values()))
        }
        expect(outbox.entries().map((e) => e.id).sort()).toEqual([...waiting.keys(), ...taken].sort())
      }),
      { numRuns: 300 },
    )
  })
})
