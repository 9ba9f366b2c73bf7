/**
 * Lifecycle events from the real Workers runtime: the worker (wrangler.toml, src/server/edge/worker.ts)
 * on workerd writes each event to a WebhookOutbox Durable Object, whose alarm POSTs it to a real
 * receiver on this machine's loopback, which verifies it with `standardwebhooks`.
 */
import { describe, expect, it } from 'vitest'
import type { LifecycleEvent } from '../src/core/webhooks/lifecycle-event.ts'
import { startEdgeTargetWithWebhooks } from './support/edge-target.ts'
import { perSuite } from './support/per-suite.ts'
import { eventually } from './support/webhook-receiver.ts'
import { expectEveryLifecycleEvent, receivedFor, runEveryLifecycleEvent } from './support/lifecycle-events.ts'

const running = perSuite(() => startEdgeTargetWithWebhooks(), (started) => started.stop())
const edge = () => running().edge
const receiver = () => running().receiver

const api = (path: string, init: RequestInit & { json?: unknown } = {}) =>
  fetch(edge().target.baseUrl + path, {
    ...init,
    headers: { authorization: `Bearer ${edge().target.apiKey}`, ...(init.json !== undefined && { 'content-type': 'application/json' }), ...init.headers },
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  })
const mint = async (subject: string, ttl = 600) => {
  const res = await api('/api/links', { method: 'POST', json: { purpose: 'reset_password', subject, ttl } })
  expect(res.status).toBe(201)
  return (await res.json()) as { token: string; url: string }
}
const eventsFor = (subject: string) =>
  receiver().received.filter((r) => r.verified !== undefined && (r.verified as LifecycleEvent).data.subject === subject).map((r) => r.verified as LifecycleEvent)

describe('lifecycle webhooks at the edge (workerd, Durable Object outbox)', () => {
  it('delivers issued, viewed (GET and HEAD), consumed and revoked, each verified, with no token in any body', async () => {
    const used = await mint('edge-user-1')
    expect((await fetch(used.url)).status).toBe(200)
    expect((await fetch(used.url, { method: 'HEAD' })).status).toBe(200)
    expect((await api('/api/links/consume', { method: 'POST', json: { token: used.token } })).status).toBe(200)
    const cancelled = await mint('edge-user-2')
    expect((await api(`/api/links/${cancelled.token}`, { method: 'DELETE' })).status).toBe(204)

    await eventually(() => expect(eventsFor('edge-user-1').length + eventsFor('edge-user-2').length).toBe(6), 30_000)
    expect(receiver().rejected).toEqual([])
    expect(eventsFor('edge-user-1').map((e) => e.type).sort()).toEqual(['link.consumed', 'link.issued', 'link.viewed', 'link.viewed'])
    expect(eventsFor('edge-user-2').map((e) => e.type).sort()).toEqual(['link.issued', 'link.revoked'])
    expect(new Set(eventsFor('edge-user-1').map((e) => e.data.id)).size).toBe(1)
    const ids = receiver().received.map((r) => r.headers['webhook-id'])
    expect(new Set(ids).size).toBe(ids.length)
    const bodies = receiver().received.map((r) => r.body).join('\n')
    for (const token of [used.token, cancelled.token]) expect(bodies).not.toContain(token)
  })

  it('sends code_failed, locked, redeemed, superseded and revoked (by id, by subject) with the id, purpose and subject of each link, and the reason of each close', async () => {
    const call = (path: string, method = 'GET', json?: unknown) => api(path, { method, ...(json !== undefined && { json }) })
    const run = await runEveryLifecycleEvent(call, 'edge-life')
    await eventually(() => expect(receivedFor(receiver(), 'edge-life')).toHaveLength(run.expected.length), 30_000)
    expectEveryLifecycleEvent(receiver(), 'edge-life', run)
  })

  it('sends link.expired from the slot object whose link ran out, and link.revoked for a revoke by subject', async () => {
    await mint('edge-expiring', 1)
    await mint('edge-subject')
    expect((await api('/api/subjects/edge-subject/links', { method: 'DELETE' })).status).toBe(200)
    await eventually(() => {
      expect(eventsFor('edge-expiring').map((e) => e.type).sort()).toEqual(['link.expired', 'link.issued'])
      expect(eventsFor('edge-subject').map((e) => e.type).sort()).toEqual(['link.issued', 'link.revoked'])
    }, 30_000)
  })

  it('keeps events while the receiver is down, across a restart of the runtime, and delivers each once it is back; /metrics counts it all', async () => {
    await receiver().down()
    await mint('edge-outage-1')
    await mint('edge-outage-2')
    const failed = async () => Number(/slotlink_webhook_failed_attempts_total (\d+)/.exec(await (await api('/metrics')).text())?.[1] ?? 0)
    const deadline = Date.now() + 30_000
    while ((await failed()) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
    expect(await failed()).toBeGreaterThanOrEqual(2)
    const depth = async () => Number(/slotlink_webhook_queue_depth (\d+)/.exec(await (await api('/metrics')).text())?.[1])
    expect(await depth()).toBe(2)
    // New isolates, the same Durable Objects: the outbox's storage and alarm carry on, and a new
    // instance counts what its storage holds.
    await edge().restart()
    expect(await depth()).toBe(2)
    await receiver().up()
    // The default schedule's second attempt comes 2.5 to 5 s after the first.
    await eventually(() => {
      expect(eventsFor('edge-outage-1').map((e) => e.type)).toEqual(['link.issued'])
      expect(eventsFor('edge-outage-2').map((e) => e.type)).toEqual(['link.issued'])
    }, 45_000)
    const metrics = await (await api('/metrics')).text()
    expect(metrics).toMatch(/slotlink_webhook_queue_depth 0/)
    expect(metrics).toMatch(/slotlink_webhook_dropped_total 0/)
    expect(Number(/slotlink_webhook_delivered_total (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(10)
  })
})
