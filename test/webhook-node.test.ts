/**
 * Lifecycle webhooks from the real Node server (slot workers, the app, the listener), to a real
 * receiver verifying with `standardwebhooks`; and the outbox across a graceful stop and start.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { LifecycleEvent } from '../src/core/webhooks/lifecycle-event.ts'
import { loadConfig } from '../src/server/node/config.ts'
import { startServer, type RunningServer } from '../src/server/node/start-server.ts'
import { outboxDir, outboxPath } from '../src/node/webhook-outbox-file.ts'
import { onFreePort } from '../scripts/lib/launch.ts'
import { captureLogger, TEST_API_KEY } from './support/node-target.ts'
import { eventually, startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts'
import { expectEveryLifecycleEvent, receivedFor, runEveryLifecycleEvent } from './support/lifecycle-events.ts'
import { createSlotlink, WebhookQueue, webhookSender } from '../src/node/index.ts'

const KEYS = 'k1:' + Buffer.alloc(32, 9).toString('base64url')
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function start(receiver: WebhookReceiver, dataDir: string, logger = captureLogger()) {
  const env = { SLOTLINK_API_KEY: TEST_API_KEY, SLOTLINK_KEYS: KEYS, SLOTLINK_DATA_DIR: dataDir, SLOTLINK_WORKERS: '1', SLOTLINK_WEBHOOK_URL: receiver.url, SLOTLINK_WEBHOOK_SECRET: receiver.secret }
  const server: RunningServer = await onFreePort((port) => startServer(loadConfig({ ...env, PORT: String(port) }), logger))
  let stopped = false
  cleanups.push(() => stopped || server.stop())
  const base = `http://localhost:${server.port}`
  const api = (path: string, method = 'GET', json?: unknown) =>
    fetch(base + path, { method, headers: { authorization: `Bearer ${TEST_API_KEY}`, ...(json !== undefined && { 'content-type': 'application/json' }) }, body: json === undefined ? undefined : JSON.stringify(json) })
  const mint = async (subject: string) => {
    const res = await api('/api/links', 'POST', { purpose: 'reset_password', subject })
    expect(res.status).toBe(201)
    return (await res.json()) as { token: string; url: string }
  }
  const metric = async (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(await (await api('/metrics')).text())?.[1] ?? NaN)
  return { server, api, mint, metric, logger, stop: () => ((stopped = true), server.stop()) }
}

async function setup() {
  const receiver = await startWebhookReceiver()
  const dataDir = mkdtempSync(join(tmpdir(), 'slotlink-webhooks-'))
  cleanups.push(() => receiver.close(), () => rmSync(dataDir, { recursive: true, force: true }))
  return { receiver, dataDir }
}

const eventsFor = (receiver: WebhookReceiver, subject: string) =>
  receiver.received.filter((r) => r.verified !== undefined && (r.verified as LifecycleEvent).data.subject === subject).map((r) => r.verified as LifecycleEvent)

describe('lifecycle webhooks from the Node server', () => {
  it('sends issued, viewed for GET and HEAD of the link page, consumed and revoked, each verified; /metrics counts them', async () => {
    const { receiver, dataDir } = await setup()
    const { mint, api, metric } = await start(receiver, dataDir)
    const used = await mint('node-user-1')
    expect((await fetch(used.url)).status).toBe(200)
    expect((await fetch(used.url, { method: 'HEAD' })).status).toBe(200)
    expect((await api('/api/links/consume', 'POST', { token: used.token })).status).toBe(200)
    expect((await fetch(used.url)).status).toBe(410) // a used link's page is no view of an open link
    const cancelled = await mint('node-user-2')
    expect((await api(`/api/links/${cancelled.token}`, 'DELETE')).status).toBe(204)

    await eventually(() => expect(receiver.received).toHaveLength(6))
    expect(receiver.rejected).toEqual([])
    expect(eventsFor(receiver, 'node-user-1').map((e) => e.type).sort()).toEqual(['link.consumed', 'link.issued', 'link.viewed', 'link.viewed'])
    expect(eventsFor(receiver, 'node-user-2').map((e) => e.type).sort()).toEqual(['link.issued', 'link.revoked'])
    const bodies = receiver.received.map((r) => r.body).join('\n')
    for (const token of [used.token, cancelled.token]) expect(bodies).not.toContain(token)
    await eventually(async () => expect(await metric('slotlink_webhook_delivered_total')).toBe(6))
    expect(await metric('slotlink_webhook_queue_depth')).toBe(0)
    expect(await metric('slotlink_webhook_dropped_total')).toBe(0)
  })

  it('sends code_failed, locked, redeemed, superseded and revoked (by id, by subject) with the id, purpose and subject of each link, and the reason of each close', async () => {
    const { receiver, dataDir } = await setup()
    const { api } = await start(receiver, dataDir)
    const run = await runEveryLifecycleEvent(api, 'node-life')
    await eventually(() => expect(receivedFor(receiver, 'node-life')).toHaveLength(run.expected.length))
    expectEveryLifecycleEvent(receiver, 'node-life', run)
  })

  it('sends link.expired from createSlotlink({ events }) as a library user gets it, with the id the issue had', async () => {
    const { receiver } = await setup()
    const events = new WebhookQueue({ send: webhookSender({ url: receiver.url, secret: receiver.secret }) })
    const slotlink = await createSlotlink({ slots: { threads: 1 }, events })
    cleanups.push(async () => {
      await slotlink.close()
      await events.close()
    })
    const issued = await slotlink.issue({ purpose: 'sign_in', subject: 'library-expiring', ttl: 1 })
    if (!issued.ok) throw new Error('issue failed')
    await eventually(() => expect(receivedFor(receiver, 'library').map((e) => e.type).sort()).toEqual(['link.expired', 'link.issued']))
    expect(receivedFor(receiver, 'library').find((e) => e.type === 'link.expired')!.data).toEqual({ id: issued.id, purpose: 'sign_in', subject: 'library-expiring' })
  })

  it('sends link.expired when a slot worker frees an unused link at its expiry, with the same id as at issue', async () => {
    const { receiver, dataDir } = await setup()
    const { api } = await start(receiver, dataDir)
    const res = await api('/api/links', 'POST', { purpose: 'sign_in', subject: 'node-expiring', ttl: 1 })
    expect(res.status).toBe(201)
    await eventually(() => expect(eventsFor(receiver, 'node-expiring').map((e) => e.type).sort()).toEqual(['link.expired', 'link.issued']))
    const [issued, expired] = ['link.issued', 'link.expired'].map((type) => eventsFor(receiver, 'node-expiring').find((e) => e.type === type)!)
    expect(expired!.data).toEqual({ id: issued!.data.id, purpose: 'sign_in', subject: 'node-expiring' })
  })

  it('sends link.revoked for each link a revoke by subject closes, and only for those', async () => {
    const { receiver, dataDir } = await setup()
    const { api, mint } = await start(receiver, dataDir)
    await mint('node-subject')
    await mint('node-subject')
    expect((await api('/api/links', 'POST', { purpose: 'sign_in', subject: 'node-subject' })).status).toBe(201)
    const res = await api('/api/subjects/node-subject/links?purpose=reset_password', 'DELETE')
    expect(await res.json()).toEqual({ revoked: 2 })
    await eventually(() => expect(eventsFor(receiver, 'node-subject').filter((e) => e.type === 'link.revoked')).toHaveLength(2))
    const events = eventsFor(receiver, 'node-subject')
    const revokedIds = events.filter((e) => e.type === 'link.revoked').map((e) => e.data.id).sort()
    expect(revokedIds).toEqual(events.filter((e) => e.type === 'link.issued' && e.data.purpose === 'reset_password').map((e) => e.data.id).sort())
  })

  it('keeps undelivered events across a graceful stop and start (file 0600 in a 0700 folder), then delivers each with its id', async () => {
    const { receiver, dataDir } = await setup()
    await receiver.down()
    const first = await start(receiver, dataDir)
    const tokens = [(await first.mint('kept-1')).token, (await first.mint('kept-2')).token, (await first.mint('kept-3')).token]
    await eventually(async () => expect(await first.metric('slotlink_webhook_failed_attempts_total')).toBeGreaterThanOrEqual(3))
    await first.stop()

    const text = readFileSync(outboxPath(dataDir), 'utf8')
    expect(statSync(outboxPath(dataDir)).mode & 0o777).toBe(0o600)
    expect(statSync(outboxDir(dataDir)).mode & 0o777).toBe(0o700)
    for (const token of tokens) expect(text).not.toContain(token)
    expect(text).not.toContain(receiver.secret.slice(6))
    const persisted = text.trim().split('\n').slice(1).map((line) => JSON.parse(line) as { id: string; payload: string })
    expect(persisted.map((p) => (JSON.parse(p.payload) as LifecycleEvent).data.subject).sort()).toEqual(['kept-1', 'kept-2', 'kept-3'])

    await receiver.up()
    const second = await start(receiver, dataDir)
    await eventually(() => expect(receiver.received).toHaveLength(3))
    expect(receiver.rejected).toEqual([])
    expect(receiver.received.map((r) => r.headers['webhook-id']).sort()).toEqual(persisted.map((p) => p.id).sort())
    expect(receiver.received.map((r) => r.body).sort()).toEqual(persisted.map((p) => p.payload).sort())
    // The links themselves also survived (snapshots): the consume is an event too.
    expect((await second.api('/api/links/consume', 'POST', { token: tokens[0] })).status).toBe(200)
    await eventually(() => expect(eventsFor(receiver, 'kept-1').map((e) => e.type).sort()).toEqual(['link.consumed', 'link.issued']))
    await second.stop()
    // Nothing left to deliver: no file.
    expect(() => statSync(outboxPath(dataDir))).toThrow()
    const log = [...first.logger.lines, ...second.logger.lines].join('\n')
    expect(log).toContain('webhook_receiver_failing')
    expect(log).toContain('webhook_outbox_saved')
    expect(log).toContain('webhook_outbox_restored')
    for (const secret of [...tokens, receiver.secret.slice(6), '/hooks/slotlink']) expect(log).not.toContain(secret)
  })
})
