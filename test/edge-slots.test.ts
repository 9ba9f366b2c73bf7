/**
 * What is particular to the Workers backend, seen from outside: Durable Object slots that leave only
 * a tombstone behind until their expiry and nothing after it, handles that are not object ids, the subject index, the slot counters and a
 * pinned PUBLIC_URL. The shared contract runs on workerd in edge-contract.test.ts.
 *
 * Storage is read straight from the local runtime's files (read-only): wrangler keeps one SQLite
 * database per Durable Object under <persist>/v3/do/<worker>-<class>/<id>.sqlite and alarms in that
 * folder's metadata.sqlite. That is the only window into an object's storage that needs no
 * test-only route in the worker.
 */
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseKeySpec, Keyring } from '../src/core/keyring.ts'
import { signToken, verifyToken } from '../src/core/token-codec.ts'
import { startEdgeTarget, type EdgeTarget } from './support/edge-target.ts'

let edge: EdgeTarget
beforeAll(async () => {
  edge = await startEdgeTarget()
})
afterAll(() => edge?.stop())

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const base = () => edge.target.baseUrl
const api = (path: string, init: RequestInit & { json?: unknown } = {}) =>
  fetch(base() + path, {
    ...init,
    headers: { authorization: `Bearer ${edge.target.apiKey}`, ...(init.json !== undefined && { 'content-type': 'application/json' }), ...init.headers },
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  })
const mint = async (input: Record<string, unknown>) => {
  const res = await api('/api/links', { method: 'POST', json: { purpose: 'reset_password', ...input } })
  expect(res.status).toBe(201)
  return (await res.json()) as { id: string; token: string; url: string; expiresAt: string; code?: string; ticket?: string }
}
const consume = (token: string) => api('/api/links/consume', { method: 'POST', json: { token } })

/** Signs tokens with the worker's own key, so the handle inside can be anything we like. */
async function keyring() {
  return Keyring.fromSecrets(parseKeySpec(edge.keys))
}

/** The slot object's id: the handle inside the token, in hex. */
async function objectIdOf(token: string): Promise<string> {
  const verified = await verifyToken(await keyring(), token, Date.now())
  if (!verified.ok) throw new Error('test token did not verify')
  return Buffer.from(verified.claims.handle).toString('hex')
}

const OPEN_SLOT_ROWS = { _cf_KV: 1, _cf_METADATA: 1 }
const objectFolder = (className: string) => join(edge.persistDir, 'v3/do', `slotlink-${className}`)

/**
 * Runs `read` on a storage file the runtime may be writing or deleting at this very moment, or
 * answers undefined if there is no such file. A read-only open that catches the file mid-write or
 * mid-delete fails with a code that says so ("attempt to write a readonly database" once in ten
 * runs of this file; SQLITE_READONLY_ROLLBACK and SQLITE_IOERR_FSTAT in a loop of a million reads
 * beside mints and consumes): it is tried again a moment later, when the file is whole or gone.
 */
function readStorage<T>(file: string, read: (db: Database.Database) => T): T | undefined {
  for (let attempt = 1; ; attempt++) {
    if (!existsSync(file)) return undefined
    try {
      const db = new Database(file, { readonly: true, fileMustExist: true })
      try {
        return read(db)
      } finally {
        db.close()
      }
    } catch (error) {
      const code = (error as { code?: unknown }).code
      const transient = typeof code === 'string' && /^SQLITE_(IOERR|READONLY|CANTOPEN|BUSY|LOCKED)/.test(code)
      if (!transient || attempt === 20) throw error
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10)
    }
  }
}

/**
 * Rows per table of one object's SQLite storage; {} for an object with no storage at all. An open
 * slot has its one KV entry (`_cf_KV`) and its alarm (`_cf_METADATA`).
 */
function storedRows(className: string, objectId: string): Record<string, number> {
  const rows = readStorage(join(objectFolder(className), `${objectId}.sqlite`), (db) => {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]))
  })
  return rows ?? {}
}

/** The object's alarm in milliseconds since the epoch (the runtime keeps nanoseconds), if one is set. */
function alarmOf(className: string, objectId: string): number | undefined {
  return readStorage(join(objectFolder(className), 'metadata.sqlite'), (db) => {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE name = '_cf_ALARM'`).pluck().all()
    if (tables.length === 0) return undefined
    const nanoseconds = db.prepare('SELECT scheduled_time FROM _cf_ALARM WHERE actor_id = ?').pluck().get(objectId) as number | undefined
    return nanoseconds === undefined ? undefined : Math.round(nanoseconds / 1e6)
  })
}

/** Ids of the objects of a class that hold any stored row. */
function objectsWithStorage(className: string): Set<string> {
  if (!existsSync(objectFolder(className))) return new Set()
  const ids = readdirSync(objectFolder(className))
    .filter((f) => /^[0-9a-f]{64}\.sqlite$/.test(f))
    .map((f) => f.slice(0, 64))
  return new Set(ids.filter((id) => Object.values(storedRows(className, id)).some((n) => n > 0)))
}

async function eventually<T>(probe: () => T, done: (value: T) => boolean, timeoutMs = 8000): Promise<T> {
  const until = Date.now() + timeoutMs
  let value = probe()
  while (!done(value) && Date.now() < until) {
    await sleep(100)
    value = probe()
  }
  return value
}

describe('Durable Object slots on workerd', () => {
  it('keeps one object per link, holding a hash of the code and never the code or token', async () => {
    const link = (await mint({ subject: 'storage-check', ttl: 600, data: { note: 'kept in the slot' }, code: true })) as Required<Awaited<ReturnType<typeof mint>>>
    const id = await objectIdOf(link.token)
    expect(storedRows('SlotObject', id)).toEqual(OPEN_SLOT_ROWS)
    expect(alarmOf('SlotObject', id)).toBe(Date.parse(link.expiresAt))

    const verified = await verifyToken(await keyring(), link.token, Date.now())
    if (!verified.ok) throw new Error('unreachable')
    const stored = Buffer.concat(
      readStorage(join(objectFolder('SlotObject'), `${id}.sqlite`), (db) => db.prepare('SELECT key, value FROM _cf_KV').raw().all() as Buffer[][])!
        .flat()
        .map((v) => Buffer.from(v)),
    )
    expect(stored.includes(Buffer.from(verified.claims.code))).toBe(false)
    expect(stored.includes(Buffer.from(link.token))).toBe(false)
    // Nor the typed code or its ticket: only their keyed hash.
    for (const secret of [link.code, link.code.replace('-', ''), link.ticket]) expect(stored.includes(Buffer.from(secret))).toBe(false)
    expect((await consume(link.token)).status).toBe(200)
  })

  it('keeps only a tombstone after a consume: reason and time, no subject, data or code hash; the alarm stays', async () => {
    const link = await mint({ subject: 'consume-check-subject', ttl: 600, data: { marker: 'consume-check-data' }, code: true })
    const id = await objectIdOf(link.token)
    const verified = await verifyToken(await keyring(), link.token, Date.now())
    if (!verified.ok) throw new Error('unreachable')
    expect((await consume(link.token)).status).toBe(200)
    expect(storedRows('SlotObject', id)).toEqual(OPEN_SLOT_ROWS)
    expect(alarmOf('SlotObject', id)).toBe(Date.parse(link.expiresAt))
    const rows = readStorage(join(objectFolder('SlotObject'), `${id}.sqlite`), (db) => db.prepare('SELECT key, value FROM _cf_KV').raw().all() as [string, Buffer][])!
    expect(rows.map(([key]) => key)).toEqual(['tombstone'])
    const stored = Buffer.concat(rows.flat().map((v) => Buffer.from(v)))
    const codeHash = createHash('sha256').update(verified.claims.code).digest().subarray(0, 16)
    for (const secret of ['consume-check-subject', 'consume-check-data']) expect(stored.includes(Buffer.from(secret))).toBe(false)
    expect(stored.includes(codeHash)).toBe(false)
    const again = await consume(link.token)
    expect(again.status).toBe(410)
    expect(await again.json()).toMatchObject({ error: 'used', reason: 'consumed' })
  })

  it('frees tombstones at the expiry with no traffic: storage, alarm, and both gauges go back', async () => {
    const tombstonesBefore = await settledMetric('slotlink_tombstones')
    const openBefore = await settledMetric('slotlink_open_slots')
    const links = [await mint({ subject: 'tomb-expiry', ttl: 3 }), await mint({ subject: 'tomb-expiry', ttl: 3, code: true })]
    const ids = await Promise.all(links.map((l) => objectIdOf(l.token)))
    for (const link of links) expect((await consume(link.token)).status).toBe(200)
    expect(await eventuallyAsync(() => metric('slotlink_tombstones'), (n) => n === tombstonesBefore + 2)).toBe(tombstonesBefore + 2)
    for (const id of ids) {
      const after = await eventually(
        () => ({ rows: storedRows('SlotObject', id), alarm: alarmOf('SlotObject', id) }),
        (s) => Object.keys(s.rows).length === 0 && s.alarm === undefined,
        15_000,
      )
      expect(after).toEqual({ rows: {}, alarm: undefined })
    }
    expect(await eventuallyAsync(() => metric('slotlink_tombstones'), (n) => n === tombstonesBefore)).toBe(tombstonesBefore)
    expect(await eventuallyAsync(() => metric('slotlink_open_slots'), (n) => n === openBefore)).toBe(openBefore)
  })

  it('lets the alarm at expiry delete everything the object stored, with no request for it', async () => {
    const subject = `expiry-${Date.now()}`
    const expiredBefore = await metric('slotlink_links_expired_total')
    const indexesBefore = objectsWithStorage('SubjectSlots')
    // 3 s, not 1: the link (and its index) must still be there when it is looked at below, after
    // the mint's answer came back; with 1 s it lived as little as 1.0 s from the server's clock,
    // which a loaded machine can spend before the first look.
    const link = await mint({ subject, ttl: 3 })
    const id = await objectIdOf(link.token)
    expect(storedRows('SlotObject', id)).toEqual(OPEN_SLOT_ROWS)
    const newIndexes = [...objectsWithStorage('SubjectSlots')].filter((x) => !indexesBefore.has(x))
    expect(newIndexes).toHaveLength(1)

    // Nothing asks about the link; its own alarm must clean it up.
    // The runtime clears the alarm's own record only after the alarm handler returns, so the rows
    // can be seen gone a moment before it: wait for both.
    const after = await eventually(
      () => ({ rows: storedRows('SlotObject', id), alarm: alarmOf('SlotObject', id) }),
      (s) => Object.keys(s.rows).length === 0 && s.alarm === undefined,
      15_000,
    )
    expect(after).toEqual({ rows: {}, alarm: undefined })
    // Its subject's index forgot it and, empty, deleted itself.
    expect(await eventually(() => storedRows('SubjectSlots', newIndexes[0]!), (r) => Object.values(r).every((n) => n === 0))).toEqual({})
    const peek = await api(`/api/links/${link.token}`)
    expect(peek.status).toBe(410)
    expect(((await peek.json()) as { error: string }).error).toBe('expired')
    expect(await eventuallyAsync(() => metric('slotlink_links_expired_total'), (n) => n === expiredBefore + 1)).toBe(expiredBefore + 1)
  })

  it('answers 410 used, never 5xx, for a validly signed handle that is not an object id of the namespace', async () => {
    const ring = await keyring()
    const expiresAt = Math.floor(Date.now() / 1000) + 600
    const code = new Uint8Array(16).fill(9)
    for (const handle of [randomHandle(32), randomHandle(16), randomHandle(64), new Uint8Array(32)]) {
      const token = await signToken(ring, { purpose: 'reset_password', expiresAt, handle, code })
      for (const res of [await api(`/api/links/${token}`), await consume(token), await api(`/api/links/${token}`, { method: 'DELETE' })]) {
        expect(res.status).toBe(410)
        expect(((await res.json()) as { error: string }).error).toBe('used')
      }
      const page = await fetch(`${base()}/l/${token}`)
      expect(page.status).toBe(410)
    }
  })

  it('answers 410 used for a real object id with the wrong code, and the link stays open', async () => {
    const link = await mint({ subject: 'wrong-code', ttl: 600 })
    const verified = await verifyToken(await keyring(), link.token, Date.now())
    if (!verified.ok) throw new Error('unreachable')
    const wrong = await signToken(await keyring(), { ...verified.claims, code: new Uint8Array(16) })
    expect((await consume(wrong)).status).toBe(410)
    expect((await consume(link.token)).status).toBe(200)
  })

  it('keeps the subject index in step with consumes: a consumed link is not counted by revoke-all', async () => {
    const subject = `index-${Date.now()}`
    const indexesBefore = objectsWithStorage('SubjectSlots')
    const a = await mint({ subject, ttl: 600 })
    const b = await mint({ subject, ttl: 600 })
    const [index] = [...objectsWithStorage('SubjectSlots')].filter((x) => !indexesBefore.has(x))
    expect(storedRows('SubjectSlots', index!)._cf_KV).toBe(2)
    expect((await consume(a.token)).status).toBe(200)
    expect(await eventually(() => storedRows('SubjectSlots', index!)._cf_KV, (n) => n === 1)).toBe(1)

    const revoked = await api(`/api/subjects/${subject}/links`, { method: 'DELETE' })
    expect(await revoked.json()).toEqual({ revoked: 1 })
    expect((await consume(b.token)).status).toBe(410)
    expect(await eventually(() => storedRows('SubjectSlots', index!), (r) => Object.keys(r).length === 0)).toEqual({})
    // The revoked link's object keeps only its tombstone until the expiry.
    expect(storedRows('SlotObject', await objectIdOf(b.token))).toEqual(OPEN_SLOT_ROWS)
    expect(await (await consume(b.token)).json()).toMatchObject({ error: 'used', reason: 'revoked' })
  })

  it('lists and revokes by id with one call to the subject index, which then forgets the link', async () => {
    const subject = `byid-${Date.now()}`
    const indexesBefore = objectsWithStorage('SubjectSlots')
    const a = await mint({ subject, ttl: 600 })
    const b = await mint({ subject, ttl: 600 })
    const [index] = [...objectsWithStorage('SubjectSlots')].filter((x) => !indexesBefore.has(x))
    const listed = (await (await api(`/api/subjects/${subject}/links`)).json()) as { links: { id: string }[] }
    expect(listed.links.map((l) => l.id)).toEqual([b.id, a.id])
    expect((await api(`/api/subjects/${subject}/links/${a.id}`, { method: 'DELETE' })).status).toBe(204)
    expect(storedRows('SubjectSlots', index!)._cf_KV).toBe(1)
    expect(await (await consume(a.token)).json()).toMatchObject({ error: 'used', reason: 'revoked' })
    expect((await consume(b.token)).status).toBe(200)
  })

  it('reports open slots on /metrics, with the API key only (the edge has no loopback)', async () => {
    const openSlots = () => metric('slotlink_open_slots')
    expect((await fetch(`${base()}/metrics`)).status).toBe(403)
    // Earlier tests' closes report to the gauge off the request path: read it once it is still.
    const before = await settledMetric('slotlink_open_slots')
    const links = [await mint({ subject: 'gauge', ttl: 600 }), await mint({ subject: 'gauge', ttl: 600 }), await mint({ subject: 'gauge', ttl: 600 })]
    expect(await eventuallyAsync(openSlots, (n) => n === before + 3)).toBe(before + 3)
    for (const link of links) await consume(link.token)
    expect(await eventuallyAsync(openSlots, (n) => n === before)).toBe(before)
  })
})

describe('PUBLIC_URL at the edge', () => {
  it('pins link URLs and the form origin, whatever host the request used', async () => {
    const other = base().replace('127.0.0.1', 'localhost')
    const res = await fetch(`${other}/api/links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${edge.target.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ purpose: 'confirm_email', subject: 'pinned' }),
    })
    const link = (await res.json()) as { url: string; token: string }
    expect(link.url).toBe(`${base()}/l/${link.token}`)
    const form = (origin: string) =>
      fetch(`${other}/l/${link.token}`, { method: 'POST', headers: { origin, 'content-type': 'application/x-www-form-urlencoded' }, body: 'confirm=1' })
    expect((await form(other)).status).toBe(403)
    expect((await form(base())).status).toBe(200)
  })
})

/** One unlabelled sample from /metrics. */
async function metric(name: string): Promise<number> {
  const text = await (await api('/metrics')).text()
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1])
}

/**
 * A sample once it has stopped moving (the same value three times, 100 ms apart): slots update the
 * counters with waitUntil, so a close an earlier request made may still be on its way.
 */
async function settledMetric(name: string, timeoutMs = 5000): Promise<number> {
  const until = Date.now() + timeoutMs
  let value = await metric(name)
  for (let same = 0; same < 3 && Date.now() < until; ) {
    await sleep(100)
    const next = await metric(name)
    same = next === value ? same + 1 : 0
    value = next
  }
  return value
}

function randomHandle(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length))
}

async function eventuallyAsync<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs
  let value = await probe()
  while (!done(value) && Date.now() < until) {
    await sleep(100)
    value = await probe()
  }
  return value
}
