import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_CODE_ATTEMPTS } from '../src/core/limits.ts'
import type { SlotOutcome } from '../src/node/slot-protocol.ts'
import { SlotLedger } from '../workers/slot-ledger.ts'
import { SlotTable, type SlotAddress, type SlotFields } from '../workers/slot-table.ts'

/**
 * The rules of a slot's life on Node (one use by link or code, counted wrong codes, tombstones
 * with reasons until expiry, idempotent replays, revoke by subject and supersede) checked against
 * the plainest model of them: a Map from address to what the link is now.
 */
const NOW = 1_800_000_000
const HASH = 16
const TYPED = 8

interface ModelLink {
  fields: SlotFields
  codeHash: Uint8Array
  typedCodeHash: Uint8Array | null
  attempts: number
  closed?: { reason: string; at: number; replay?: { keyHash: Uint8Array } }
}

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill)
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i])
const purpose = fc.constantFrom('sign_in', 'reset_password')
const subject = fc.constantFrom('user-1', 'user-2', 'user-3')
const key = fc.option(fc.constantFrom(1, 2), { nil: undefined })

type Op =
  | { op: 'open'; purpose: string; subject: string; life: number; code: boolean; fill: number }
  | { op: 'peek' | 'consume' | 'revoke'; pick: number; right: boolean; samePurpose: boolean; key: number | undefined }
  | { op: 'redeem'; pick: number; right: boolean; samePurpose: boolean; key: number | undefined }
  | { op: 'revokeSubject'; subject: string; purpose: string | undefined; supersede: boolean; pick: number }
  | { op: 'advance'; seconds: number }

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('open' as const), purpose, subject, life: fc.integer({ min: 1, max: 60 }), code: fc.oneof(fc.constant(true), fc.boolean()), fill: fc.nat(255) }) },
  {
    weight: 8,
    arbitrary: fc.record({ op: fc.constantFrom('peek' as const, 'consume' as const, 'revoke' as const, 'redeem' as const, 'redeem' as const, 'redeem' as const), pick: fc.nat(), right: fc.oneof(fc.constant(false), fc.boolean()), samePurpose: fc.oneof(fc.constant(true), fc.boolean()), key }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('revokeSubject' as const), subject, purpose: fc.option(purpose, { nil: undefined }), supersede: fc.boolean(), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('advance' as const), seconds: fc.integer({ min: 0, max: 20 }) }) },
)

function run(ops: Op[]): void {
  const ledger = new SlotLedger(new SlotTable({ maxSlots: 100, codeHashBytes: HASH }))
  const model = new Map<string, ModelLink>()
  const addresses: SlotAddress[] = []
  const at = (a: SlotAddress) => `${a.index}:${a.generation}`
  let now = NOW
  const live = (link: ModelLink) => link.fields.expiresAt > now

  /** What the model says a link with no open slot answers. */
  const gone = (link: ModelLink | undefined, keyHash?: Uint8Array, wanted?: string): SlotOutcome => {
    if (!link?.closed || !live(link)) return { kind: 'used', reason: 'unknown', at: null, closedNow: false }
    const { replay } = link.closed
    if (keyHash && replay && same(replay.keyHash, keyHash) && link.fields.purpose === wanted) return { kind: 'ok', slot: link.fields, replayed: true }
    return { kind: 'used', reason: link.closed.reason as 'consumed', at: link.closed.at, closedNow: false }
  }

  for (const step of ops) {
    switch (step.op) {
      case 'open': {
        const fields = { purpose: step.purpose, subject: step.subject, data: null, expiresAt: now + step.life }
        const codeHash = bytes(HASH, step.fill)
        const typedCodeHash = step.code ? bytes(TYPED, step.fill) : null
        const address = ledger.open(fields, codeHash, { typedCodeHash, attempts: 0, createdAtMs: now * 1000 })
        if (!address) break
        model.set(at(address), { fields, codeHash, typedCodeHash, attempts: 0 })
        addresses.push(address)
        break
      }
      case 'peek':
      case 'consume':
      case 'revoke':
      case 'redeem': {
        if (addresses.length === 0) break
        // Mostly the last few links, so that one link sees enough tries to lock, replay and expire.
        const address = addresses[addresses.length - 1 - (step.pick % Math.min(addresses.length, 3))]!
        const link = model.get(at(address))!
        const wanted = step.samePurpose ? link.fields.purpose : 'other_purpose'
        const keyHash = step.key === undefined ? null : bytes(HASH, 100 + step.key)
        const open = live(link) && !link.closed
        let expected: SlotOutcome
        let got: SlotOutcome
        if (step.op === 'redeem') {
          const typed = step.right && link.typedCodeHash ? link.typedCodeHash : bytes(TYPED, ((link.typedCodeHash?.[0] ?? 0) + 1) % 256)
          got = ledger.redeem(address, typed, wanted, keyHash, now)
          if (!open) expected = gone(link, keyHash ?? undefined, wanted)
          else if (!step.samePurpose) expected = { kind: 'invalid' }
          else if (!link.typedCodeHash) expected = { kind: 'used', reason: 'unknown', at: null, closedNow: false }
          else if (step.right) {
            expected = { kind: 'ok', slot: link.fields, replayed: false }
            link.closed = { reason: 'redeemed', at: now, ...(keyHash && { replay: { keyHash } }) }
          } else if (++link.attempts >= MAX_CODE_ATTEMPTS) {
            // The subject is for the link.locked / link.code_failed event; the caller is never shown it.
            expected = { kind: 'used', reason: 'locked', at: now, closedNow: true, subject: link.fields.subject }
            link.closed = { reason: 'locked', at: now }
          } else expected = { kind: 'wrong_code', attemptsLeft: MAX_CODE_ATTEMPTS - link.attempts, subject: link.fields.subject }
        } else {
          const codeHash = step.right ? link.codeHash : bytes(HASH, (link.codeHash[0]! + 1) % 256)
          if (step.op === 'peek') got = ledger.peek(address, codeHash, wanted, now)
          else if (step.op === 'consume') got = ledger.consume(address, codeHash, wanted, keyHash, now)
          else got = ledger.revoke(address, codeHash, now)
          const replayable = step.op === 'consume' ? keyHash ?? undefined : undefined
          if (!open || !step.right) expected = gone(open ? undefined : link, replayable, wanted)
          else if (step.op === 'peek') expected = step.samePurpose ? { kind: 'ok', slot: link.fields, replayed: false } : { kind: 'invalid' }
          else if (step.op === 'consume' && !step.samePurpose) expected = { kind: 'invalid' }
          else {
            expected = { kind: 'ok', slot: link.fields, replayed: false }
            link.closed = { reason: step.op === 'consume' ? 'consumed' : 'revoked', at: now, ...(step.op === 'consume' && keyHash && { replay: { keyHash } }) }
          }
        }
        expect(got).toEqual(expected)
        break
      }
      case 'revokeSubject': {
        const except = step.supersede && addresses.length > 0 ? addresses[step.pick % addresses.length] : undefined
        const doomed = [...model].filter(([k, l]) => live(l) && !l.closed && l.fields.subject === step.subject && (step.purpose === undefined || l.fields.purpose === step.purpose) && (!except || k !== at(except)))
        const reason = step.supersede ? 'superseded' : 'revoked'
        expect(ledger.revokeSubject(step.subject, step.purpose, reason, except, now)).toBe(doomed.length)
        for (const [, l] of doomed) l.closed = { reason, at: now }
        break
      }
      case 'advance':
        now += step.seconds
        ledger.expire(now)
        break
    }
    const openCount = [...model.values()].filter((l) => live(l) && !l.closed).length
    // Expired slots and tombstones may linger until `expire` runs; right after it they are gone.
    if (step.op === 'advance') {
      expect(ledger.slots.size).toBe(openCount)
      expect(ledger.tombstones.size).toBe([...model.values()].filter((l) => live(l) && l.closed).length)
      expect(ledger.replays.size).toBe([...model.values()].filter((l) => live(l) && l.closed?.replay).length)
    }
  }
  ledger.expire(now + 1000)
  expect([ledger.slots.size, ledger.tombstones.size, ledger.replays.size]).toEqual([0, 0, 0])
}

describe('SlotLedger', () => {
  it('agrees with a model of one use, counted codes, tombstones, replays and supersede', () => {
    fc.assert(fc.property(fc.array(op, { minLength: 60, maxLength: 150 }), run), { numRuns: 400 })
  })

  it('keeps no subject, data or code hash in a tombstone without a replay', () => {
    const ledger = new SlotLedger(new SlotTable({ maxSlots: 4, codeHashBytes: HASH }))
    const fields = { purpose: 'sign_in', subject: 'secret-subject', data: '{"secret":1}', expiresAt: NOW + 60 }
    const address = ledger.open(fields, bytes(HASH, 7), { typedCodeHash: bytes(TYPED, 9), attempts: 0, createdAtMs: NOW * 1000 })!
    expect(ledger.consume(address, bytes(HASH, 7), 'sign_in', null, NOW)).toMatchObject({ kind: 'ok' })
    const [entry] = [...ledger.tombstoneEntries()]
    expect(entry).toEqual({ address, tombstone: { reason: 'consumed', at: NOW, expiresAt: NOW + 60, replay: false }, replay: undefined })
    expect([...ledger.slots.entries()]).toEqual([])
  })
})
