import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Keyring } from '../src/core/keyring.ts'
import { createLinkService } from '../src/core/link-service.ts'
import { PiscinaSlotStore } from '../src/node/piscina-slot-store.ts'
import { useLinkService } from './support/link-service.ts'
import { epochOf } from './support/tokens.ts'

/** Seals the snapshots these tests write (the server derives them from SLOTLINK_KEYS). */
const SNAPSHOT_KEYS = [new Uint8Array(32).fill(5)]

const fixture = useLinkService({ threads: 2 })

const issueLink = async (subject = 'user-1', extra: { ttl?: number; purpose?: string } = {}) => {
  const issued = await fixture.links.issue({ purpose: extra.purpose ?? 'reset_password', subject, ttl: extra.ttl })
  if (!issued.ok) throw new Error('issue failed: ' + issued.reason)
  return issued
}
const issue = async (subject?: string, extra?: { ttl?: number; purpose?: string }) => (await issueLink(subject, extra)).token

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('piscina slot store', () => {
  it('lets exactly one of 200 concurrent consumes of one link win', async () => {
    const token = await issue()
    const results = await Promise.all(Array.from({ length: 200 }, () => fixture.links.consume(token)))
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok && r.reason === 'used')).toHaveLength(199)
  })

  it('answers each of many concurrent requests with its own slot (requests travel in batches)', async () => {
    const subjects = Array.from({ length: 500 }, (_, i) => `batch-${i}`)
    const issued = await Promise.all(subjects.map((subject) => fixture.links.issue({ purpose: 'confirm_email', subject, data: { subject } })))
    const tokens = issued.map((r) => (r.ok ? r.token : ''))
    const peeked = await Promise.all(tokens.map((t) => fixture.links.peek(t)))
    peeked.forEach((r, i) => expect(r).toMatchObject({ ok: true, link: { subject: subjects[i], data: { subject: subjects[i] } } }))
    const consumed = await Promise.all(tokens.map((t) => fixture.links.consume(t)))
    consumed.forEach((r, i) => expect(r).toMatchObject({ ok: true, link: { subject: subjects[i] } }))
  })

  it('peeks without consuming, and returns what was stored', async () => {
    const issued = await fixture.links.issue({ purpose: 'confirm_email', subject: 'user-2', data: { email: 'x@example.com' } })
    if (!issued.ok) throw new Error()
    const peeked = await fixture.links.peek(issued.token)
    expect(peeked).toMatchObject({ ok: true, link: { purpose: 'confirm_email', subject: 'user-2', data: { email: 'x@example.com' } } })
    expect(await fixture.links.peek(issued.token)).toMatchObject({ ok: true })
    expect(await fixture.links.consume(issued.token)).toMatchObject({ ok: true })
    expect(await fixture.links.peek(issued.token)).toMatchObject({ ok: false, reason: 'used' })
  })

  it('refuses a link used for another purpose, without touching the slot', async () => {
    const token = await issue('user-3', { purpose: 'reset_password' })
    expect(await fixture.links.consume(token, { purpose: 'confirm_email' })).toEqual({ ok: false, reason: 'invalid' })
    expect(await fixture.links.consume(token, { purpose: 'reset_password' })).toMatchObject({ ok: true })
  })

  it('frees slots at expiry with no traffic at all', async () => {
    const before = (await fixture.slots.stats()).open
    const issued = await Promise.all(Array.from({ length: 50 }, (_, i) => issueLink(`expiring-${i}`, { ttl: 1 })))
    expect((await fixture.slots.stats()).open).toBe(before + 50)
    // No request touches these slots: only the workers' own timers can free them (stats frees
    // nothing). Waiting past the last expiry and then for the count, rather than a fixed 2.2 s,
    // leaves a loaded machine's timers a moment to run.
    const lastExpiry = Math.max(...issued.map((i) => i.expiresAt.getTime()))
    await new Promise((r) => setTimeout(r, Math.max(0, lastExpiry - Date.now())))
    // On a timeout the expect below says what the count was.
    await waitFor(async () => (await fixture.slots.stats()).open === before, 5000).catch(() => {})
    expect((await fixture.slots.stats()).open).toBe(before)
  })

  it('keeps counting expiries when a worker is replaced: the expired counter never goes down', async () => {
    const before = (await fixture.slots.stats()).expired ?? 0
    // One at a time, so that opens alternate between the two workers (a concurrent burst is one batch to one).
    const issued = []
    for (let i = 0; i < 40; i++) issued.push(await issueLink(`expiring-counted-${i}`, { ttl: 1 }))
    expect(new Set(issued.map((i) => epochOf(i.token))).size).toBe(2)
    const lastExpiry = Math.max(...issued.map((i) => i.expiresAt.getTime()))
    await new Promise((r) => setTimeout(r, Math.max(0, lastExpiry - Date.now())))
    await waitFor(async () => (await fixture.slots.stats()).expired === before + 40, 5000).catch(() => {})
    expect((await fixture.slots.stats()).expired).toBe(before + 40)

    const victim = epochOf(issued[0]!.token)
    await fixture.slots.workerFor(victim)!.terminate()
    await waitFor(async () => fixture.slots.epochs.length === 2 && !fixture.slots.epochs.includes(victim), 20_000)
    expect((await fixture.slots.stats()).expired).toBe(before + 40)
  })

  it('revokes one link, and all of a subject’s links (optionally of one purpose)', async () => {
    const one = await issue('user-4')
    expect(await fixture.links.revoke(one)).toMatchObject({ ok: true })
    expect(await fixture.links.consume(one)).toMatchObject({ ok: false, reason: 'used' })
    expect(await fixture.links.revoke(one)).toMatchObject({ ok: false, reason: 'used' })

    const resets = await Promise.all([issue('user-5'), issue('user-5'), issue('user-5')])
    const confirm = await issue('user-5', { purpose: 'confirm_email' })
    const other = await issue('user-6')
    expect(await fixture.links.revokeSubject('user-5', 'reset_password')).toBe(3)
    for (const token of resets) expect(await fixture.links.consume(token)).toMatchObject({ ok: false, reason: 'used' })
    expect(await fixture.links.peek(confirm)).toMatchObject({ ok: true })
    expect(await fixture.links.revokeSubject('user-5')).toBe(1)
    expect(await fixture.links.revokeSubject('user-5')).toBe(0)
    expect(await fixture.links.consume(other)).toMatchObject({ ok: true })
  })

  it('answers used at once for a killed worker’s links, keeps the others, and replaces the worker', async () => {
    // Mint until both workers hold fixture.links.
    const tokens: string[] = []
    for (let i = 0; i < 40; i++) tokens.push(await issue(`crash-${i}`))
    const epochs = new Set(tokens.map(epochOf))
    expect(epochs.size).toBe(2)
    const [deadEpoch] = [...epochs] as [string]
    await fixture.slots.workerFor(deadEpoch)!.terminate()
    await waitFor(async () => !fixture.slots.epochs.includes(deadEpoch), 10_000)

    const started = Date.now()
    const answers = await Promise.all(tokens.map(async (t) => ({ epoch: epochOf(t), result: await fixture.links.consume(t) })))
    expect(Date.now() - started).toBeLessThan(2000)
    for (const { epoch, result } of answers) {
      // The tombstones died with the worker too: nothing is known of why, and the answer says so.
      if (epoch === deadEpoch) expect(result).toEqual({ ok: false, reason: 'used', purpose: 'reset_password', used: { reason: 'unknown' } })
      else expect(result).toMatchObject({ ok: true })
    }
    // The pool is back to full size, with a new epoch, and new links work.
    // Starting a worker thread (with tsx's loader) takes a few hundred ms, more on a loaded machine.
    await waitFor(async () => fixture.slots.epochs.length === 2, 20_000)
    expect(fixture.slots.epochs).not.toContain(deadEpoch)
    const fresh = await Promise.all(Array.from({ length: 10 }, (_, i) => issue(`after-${i}`)))
    for (const t of fresh) expect(await fixture.links.consume(t)).toMatchObject({ ok: true })
  })

  it('lets exactly one of 200 concurrent mixed consumes and redeems win, and remembers which', async () => {
    const issued = await fixture.links.issue({ purpose: 'sign_in', subject: 'race', code: true })
    if (!issued.ok) throw new Error('issue failed')
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? fixture.links.consume(issued.token) : fixture.links.redeem(issued.ticket!, issued.code!))),
    )
    const winners = results.filter((r) => r.ok)
    expect(winners).toHaveLength(1)
    const winnerIndex = results.findIndex((r) => r.ok)
    const reason = winnerIndex % 2 ? 'consumed' : 'redeemed'
    for (const r of results) if (!r.ok) expect(r).toMatchObject({ reason: 'used', used: { reason } })
  })

  it('frees tombstones at the expiry with no traffic: open and tombstone gauges go back', async () => {
    const before = await fixture.slots.stats()
    const issued = await Promise.all(Array.from({ length: 30 }, (_, i) => issueLink(`tomb-${i}`, { ttl: 2 })))
    for (const { token } of issued.slice(0, 20)) expect(await fixture.links.consume(token)).toMatchObject({ ok: true })
    for (const { token } of issued.slice(20)) expect(await fixture.links.revoke(token)).toMatchObject({ ok: true })
    const during = await fixture.slots.stats()
    expect(during.tombstones).toBe((before.tombstones ?? 0) + 30)
    expect(during.open).toBe(before.open)
    expect(await fixture.links.consume(issued[25]!.token)).toMatchObject({ ok: false, used: { reason: 'revoked' } })
    const lastExpiry = Math.max(...issued.map((i) => i.expiresAt.getTime()))
    await new Promise((r) => setTimeout(r, Math.max(0, lastExpiry - Date.now())))
    await waitFor(async () => (await fixture.slots.stats()).tombstones === before.tombstones, 5000).catch(() => {})
    const after = await fixture.slots.stats()
    expect([after.open, after.tombstones]).toEqual([before.open, before.tombstones])
  })

  it('keeps tombstones and typed codes across a restart from snapshots, and only hashes in the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slotlink-snap-'))
    const keyring = await Keyring.random()
    try {
      let slots = await PiscinaSlotStore.start({ threads: 1, snapshotDir: dir, snapshotKeys: SNAPSHOT_KEYS })
      let links = createLinkService({ keyring, slots })
      const used = await links.issue({ purpose: 'sign_in', subject: 'snap-subject-used', code: true })
      const open = await links.issue({ purpose: 'sign_in', subject: 'snap-subject-open', code: true })
      const replayed = await links.issue({ purpose: 'sign_in', subject: 'snap-subject-replay' })
      if (!used.ok || !open.ok || !replayed.ok) throw new Error('issue failed')
      expect(await links.redeem(used.ticket!, used.code!)).toMatchObject({ ok: true })
      expect(await links.redeem(open.ticket!, 'ZZZZ-ZZZZ')).toMatchObject({ ok: false, reason: 'wrong_code', attemptsLeft: 4 })
      const first = await links.consume(replayed.token, { idempotencyKey: 'restart-key' })
      expect(first).toMatchObject({ ok: true })
      await slots.close()

      const [file] = readdirSync(dir)
      const text = readFileSync(join(dir, file!), 'utf8')
      for (const secret of [used.code!, used.code!.replace('-', ''), open.code!.replace('-', ''), used.ticket!, open.token, 'restart-key']) expect(text).not.toContain(secret)
      // A tombstone without a replay keeps no subject.
      expect(text).not.toContain('snap-subject-used')

      slots = await PiscinaSlotStore.start({ threads: 1, snapshotDir: dir, snapshotKeys: SNAPSHOT_KEYS })
      links = createLinkService({ keyring, slots })
      try {
        expect(await links.consume(used.token)).toMatchObject({ ok: false, reason: 'used', used: { reason: 'redeemed' } })
        expect(await links.redeem(open.ticket!, 'ZZZZ-ZZZZ')).toMatchObject({ ok: false, reason: 'wrong_code', attemptsLeft: 3 })
        expect(await links.consume(replayed.token, { idempotencyKey: 'restart-key' })).toEqual({ ...first, replayed: true })
        expect(await links.list('snap-subject-open')).toEqual([{ id: open.id, purpose: 'sign_in', createdAt: expect.any(Date), expiresAt: open.expiresAt }])
        expect(await links.redeem(open.ticket!, open.code!)).toMatchObject({ ok: true, link: { id: open.id, subject: 'snap-subject-open' } })
        expect((await slots.stats()).tombstones).toBe(3)
      } finally {
        await slots.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
