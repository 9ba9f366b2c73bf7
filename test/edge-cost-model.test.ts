/**
 * The edge cost model, counted on the real Workers runtime: the real worker and Durable Objects on
 * workerd (wrangler.toml, through `unstable_startWorker`), entered through the test-only metered
 * entry (support/edge-meter/metered-worker.ts), which counts every Worker request, every RPC call
 * on a Durable Object stub, every alarm and every storage call where it is made. Webhooks are on,
 * delivered to a real receiver, so the outbox's share is counted too.
 *
 * The README's "Scaling" tables are the expectation: each operation's measured row must equal the
 * README's, so a change that adds (or saves) a Durable Object call or a storage operation fails
 * here until the published cost model says so. The failure prints the measured table to paste.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Keyring, parseKeySpec } from '../src/core/keyring.ts'
import { signToken, verifyToken } from '../src/core/token-codec.ts'
import { startEdgeTargetWithWebhooks } from './support/edge-target.ts'
import { METER_PATH, type MeteredClass, type ObjectTally, type Tally } from './support/edge-meter/tally.ts'
import { perSuite } from './support/per-suite.ts'
import { costRows, eventRow, parseCostTables } from './support/edge-meter/cost-table.ts'

const METERED_WORKER = fileURLToPath(new URL('./support/edge-meter/metered-worker.ts', import.meta.url))
const README = fileURLToPath(new URL('../README.md', import.meta.url))
/**
 * Seconds. A link lives ttl to ttl + 1 s (its expiry is rounded up to the second): long enough to
 * mint it, let that settle and use it first, short enough to wait for its alarm.
 */
const USE_FIRST_TTL = 3
/** Seconds, for links nobody uses: enough to mint one and let that settle before its alarm. */
const EXPIRE_TTL = 2
const QUIET_DEADLINE_MS = 30_000

const running = perSuite(() => startEdgeTargetWithWebhooks({}, { entrypoint: METERED_WORKER }), (started) => started.stop(), 120_000)
const edge = () => running().edge
const receiver = () => running().receiver

const api = (path: string, init: RequestInit & { json?: unknown } = {}) =>
  fetch(edge().target.baseUrl + path, {
    ...init,
    headers: { authorization: `Bearer ${edge().target.apiKey}`, ...(init.json !== undefined && { 'content-type': 'application/json' }) },
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  })
type Minted = { id: string; token: string; url: string; code?: string; ticket?: string }
const mint = async (subject: string, extra: Record<string, unknown> = {}): Promise<Minted> => {
  const res = await api('/api/links', { method: 'POST', json: { purpose: 'reset_password', subject, ttl: 600, ...extra } })
  expect(res.status).toBe(201)
  return (await res.json()) as Minted
}

const readMeter = async (method: 'GET' | 'DELETE' = 'GET') => (await (await fetch(edge().target.baseUrl + METER_PATH, { method })).json()) as Tally
const enqueued = (tally: Tally) => tally.objects.WebhookOutbox?.rpc.enqueue ?? 0

/** Webhooks the receiver had when the tally was last zeroed (the worker starts at zero, the receiver empty). */
let deliveredAtReset = 0

/**
 * The tally once everything counted in it has settled: no call, alarm or waitUntil in flight, and
 * every event enqueued delivered to the receiver (the outbox's alarm is part of the cost). `until`
 * adds a condition, e.g. that the slot's own alarm has run.
 */
async function settledTally(until: (tally: Tally) => boolean = () => true): Promise<Tally> {
  const deadline = Date.now() + QUIET_DEADLINE_MS
  for (;;) {
    const tally = await readMeter()
    if (tally.inFlight === 0 && receiver().received.length - deliveredAtReset === enqueued(tally) && until(tally)) return tally
    if (Date.now() > deadline) throw new Error(`the operation did not settle: ${JSON.stringify(tally)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Counts what `operation` costs, alone: the tally is zeroed once all before it is done, and read once all it caused is. */
async function measure(operation: () => Promise<unknown>, until?: (tally: Tally) => boolean): Promise<Tally> {
  await settledTally()
  deliveredAtReset = receiver().received.length
  await readMeter('DELETE')
  await operation()
  const tally = await settledTally(until)
  delivered.set(tally, receiver().received.slice(deliveredAtReset).map((r) => `${(r.verified as { type?: string } | undefined)?.type} ${String(r.headers['webhook-id'])}`))
  return tally
}
const delivered = new WeakMap<Tally, string[]>()

const EXPIRY_WITH_SIBLING = 'expiry, unused (the subject has other open links)'
const LAST_SUBJECT = 'cost-expiry-last'
const EXPIRY_LAST = 'expiry, unused (the subject’s last open link)'
const EXPIRY_ALONE = 'expiry, unused, of a subject’s only link'
const INDEX_ALARM_FIRST = 'expiry, unused, of a subject’s only link, if its index’s alarm runs first'

const slotAlarmRan = (tally: Tally) => (tally.objects.SlotObject?.alarms ?? 0) >= 1
const expectStatus = async (response: Promise<Response>, status: number) => expect((await response).status).toBe(status)

/**
 * The same claims (an open slot's handle, its code) signed under the worker's key id with another
 * secret: a well-formed token, for a real slot, with a tag slotlink never made.
 */
async function forge(token: string): Promise<string> {
  const verified = await verifyToken(await Keyring.fromSecrets(parseKeySpec(edge().keys)), token, Date.now())
  if (!verified.ok) throw new Error('the minted token did not verify')
  const impostor = await Keyring.fromSecrets([{ id: verified.claims.keyId, secret: randomBytes(32) }])
  const { purpose, expiresAt, handle, code } = verified.claims
  return signToken(impostor, { purpose, expiresAt, handle, code })
}

const measured = new Map<string, Tally>()
const published = parseCostTables(readFileSync(README, 'utf8'))

describe('what each operation costs at the edge, counted on workerd', () => {
  it('counts every operation of the cost model', { timeout: 120_000 }, async () => {
    const run = async (name: string, operation: () => Promise<unknown>, until?: (tally: Tally) => boolean) => measured.set(name, await measure(operation, until))
    // One link first, so the isolate, the D1 migrations and the outbox shards are warm and not counted.
    await mint('warm-up')

    await run('mint (link)', () => mint('cost-mint'))
    await run('mint (link + code)', () => mint('cost-mint-code', { code: true }))
    // The replaced link expires first, so the index's alarm moves to the new link's expiry, as when a user asks again.
    await mint('cost-supersede', { ttl: 300 })
    await run('mint, `supersede: true`, replacing 1 open link', () => mint('cost-supersede', { supersede: true }))

    const used = await mint('cost-consume', { ttl: USE_FIRST_TTL })
    await run('consume', () => expectStatus(api('/api/links/consume', { method: 'POST', json: { token: used.token } }), 200))
    await run('expiry of a used link (its tombstone)', async () => {}, slotAlarmRan)

    const coded = await mint('cost-redeem', { code: true })
    await run('redeem (ticket + code)', () => expectStatus(api('/api/links/redeem', { method: 'POST', json: { ticket: coded.ticket, code: coded.code } }), 200))

    const viewed = await mint('cost-view')
    const forged = await forge(viewed.token)
    await run('forged consume', () => expectStatus(api('/api/links/consume', { method: 'POST', json: { token: forged } }), 404))
    await run('peek (`GET /api/links/:token`)', () => expectStatus(api(`/api/links/${viewed.token}`), 200))
    await run('link page view (`GET /l/…`)', () => expectStatus(fetch(viewed.url), 200))
    await run('list a subject’s links (1 open)', () => expectStatus(api('/api/subjects/cost-view/links'), 200))
    await run('revoke by subject (1 open link)', () => expectStatus(api('/api/subjects/cost-view/links', { method: 'DELETE' }), 200))

    await mint('cost-expiry-sibling')
    await mint('cost-expiry-sibling', { ttl: EXPIRE_TTL })
    await run(EXPIRY_WITH_SIBLING, async () => {}, slotAlarmRan)
    // The sibling is used first, so the index's own alarm stays due at the sibling's later expiry.
    await mint(LAST_SUBJECT, { ttl: USE_FIRST_TTL })
    const sibling = await mint(LAST_SUBJECT)
    await expectStatus(api('/api/links/consume', { method: 'POST', json: { token: sibling.token } }), 200)
    await run(EXPIRY_LAST, async () => {}, slotAlarmRan)
    // Last: a subject's one link, whose index's alarm is due at the same moment as the slot's (see below).
    await mint('cost-expiry-alone', { ttl: EXPIRE_TTL })
    await run(EXPIRY_ALONE, async () => {}, slotAlarmRan)

    const table = costRows(measured)
    const pasteable = table.map((row) => row.line).join('\n')
    const cellsOf = (name: string) => table.find((row) => row.operation === name)!.cells
    for (const row of table) {
      if (row.operation === EXPIRY_ALONE) continue
      expect(row.cells, `${row.operation}: measured row differs from the README's; measured:\n${pasteable}`).toEqual(published.operations.get(row.operation))
    }
    // The slot's alarm and its index's alarm are both due at the link's expiry. If the slot's runs
    // first, its `forget` deletes the index, alarm and all: the last-link row. If the index's runs
    // first, it is one more request (and the index's own list, delete and deleteAll): the README's
    // "index alarm first" row. Which one runs first is the runtime's choice.
    expect([cellsOf(EXPIRY_LAST), published.operations.get(INDEX_ALARM_FIRST)], `${EXPIRY_ALONE}; measured:\n${pasteable}`).toContainEqual(cellsOf(EXPIRY_ALONE))
    expect([...published.operations.keys()].sort()).toEqual([...table.map((row) => row.operation).filter((name) => name !== EXPIRY_ALONE), INDEX_ALARM_FIRST].sort())
  })

  it('refuses a forged link with no Durable Object call and no storage at all', () => {
    const forged = measured.get('forged consume')!
    expect(forged.workerRequests).toBe(1)
    expect(forged.objects).toEqual({})
  })

  it('costs each webhook event one outbox write and one delivery, as the README says', () => {
    // A mint raises exactly one event, so its outbox counts are one event's, enqueue to delivery.
    const minted = measured.get('mint (link)')!
    expect(eventRow(minted.objects.WebhookOutbox!), `measured: ${JSON.stringify(eventRow(minted.objects.WebhookOutbox!))}`).toEqual(published.perEvent)
    // Every operation's events were delivered before its tally was read, and never by more alarms than events.
    for (const [name, tally] of measured) {
      expect(delivered.get(tally), name).toHaveLength(enqueued(tally))
      expect(tally.objects.WebhookOutbox?.alarms ?? 0, name).toBeLessThanOrEqual(enqueued(tally))
    }
  })

  it('touches no object but the slot, subject, counter and outbox objects, and never the async KV API', () => {
    const known = new Set<MeteredClass>(['SlotObject', 'SubjectSlots', 'SlotCounters', 'WebhookOutbox'])
    for (const [name, tally] of measured) expect(Object.keys(tally.objects).filter((c) => !known.has(c as MeteredClass)), name).toEqual([])
    const asyncKv = (t: ObjectTally) => Object.keys(t.rpc).filter((method) => method.startsWith('storage.'))
    for (const [name, tally] of measured) for (const t of Object.values(tally.objects)) expect(asyncKv(t), name).toEqual([])
  })
})
