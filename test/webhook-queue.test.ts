import { describe, expect, it, afterEach } from 'vitest'
import { Webhook } from 'standardwebhooks'
import { Keyring } from '../src/core/keyring.ts'
import { linkId } from '../src/core/link-id.ts'
import { createLinkService, type LinkService } from '../src/core/link-service.ts'
import { Metrics } from '../src/core/metrics.ts'
import { LIFECYCLE_EVENT_TYPES, type LifecycleEvent } from '../src/core/webhooks/lifecycle-event.ts'
import { DEFAULT_RETRY_POLICY, nextAttemptAt, type RetryPolicy } from '../src/core/webhooks/retry-policy.ts'
import { WebhookQueue } from '../src/core/webhooks/webhook-queue.ts'
import { webhookSender } from '../src/core/webhooks/webhook-sender.ts'
import { PiscinaSlotStore } from '../src/node/piscina-slot-store.ts'
import { useLinkService } from './support/link-service.ts'
import { captureLogger } from './support/node-target.ts'
import { eventually, startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts'

/** Retries within a test's patience; the real default is tested as arithmetic below. */
const QUICK_RETRY: RetryPolicy = { firstDelayMs: 50, maxDelayMs: 250, deadlineMs: 120_000 }
const HOUR_MS = 60 * 60_000

const fixture = useLinkService({ threads: 1 })
const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function setup(options: { retry?: RetryPolicy; maxQueued?: number } = {}) {
  const receiver = await startWebhookReceiver()
  const logger = captureLogger()
  const queue = new WebhookQueue({ send: webhookSender({ url: receiver.url, secret: receiver.secret }), retry: options.retry ?? QUICK_RETRY, maxQueued: options.maxQueued, logger })
  const keyring = await Keyring.random()
  const links = createLinkService({ keyring, slots: fixture.slots, events: queue })
  cleanups.push(() => receiver.close(), () => queue.close())
  return { receiver, logger, queue, links, keyring }
}

/** The events the receiver verified, parsed. */
const verifiedEvents = (receiver: WebhookReceiver) => receiver.received.filter((r) => r.verified !== undefined).map((r) => r.verified as LifecycleEvent)

/** Every string that would let someone use a link: its token, and the code and tag inside it. */
function secretsOf(token: string): string[] {
  const bytes = Buffer.from(token, 'base64url')
  return [token, bytes.subarray(-48, -32).toString('base64url'), bytes.subarray(-48, -32).toString('hex'), bytes.subarray(-32).toString('base64url')]
}

async function issue(links: LinkService, subject: string) {
  const issued = await links.issue({ purpose: 'reset_password', subject })
  if (!issued.ok) throw new Error('issue failed')
  return issued.token
}

describe('lifecycle webhooks (in process, real receiver)', () => {
  it('sends one signed POST per event, each verified by standardwebhooks, with the contract shape and no secret', async () => {
    const { receiver, links, keyring, queue } = await setup()
    const used = await issue(links, 'user-1')
    expect((await links.peek(used, { viewed: true })).ok).toBe(true)
    expect((await links.peek(used)).ok).toBe(true) // an API peek is not a view
    expect((await links.consume(used)).ok).toBe(true)
    const cancelled = await issue(links, 'user-2')
    expect((await links.revoke(cancelled)).ok).toBe(true)

    await eventually(() => expect(verifiedEvents(receiver)).toHaveLength(5))
    expect(receiver.rejected).toEqual([])
    const events = verifiedEvents(receiver)
    expect(events.map((e) => `${e.type} ${e.data.subject}`).sort()).toEqual(
      ['link.issued user-1', 'link.viewed user-1', 'link.consumed user-1', 'link.issued user-2', 'link.revoked user-2'].sort(),
    )
    for (const event of events) {
      expect(Object.keys(event).sort()).toEqual(['data', 'timestamp', 'type'])
      // Contract v2: `reason` only where a tombstone says why (a revoke), and nothing else beside.
      const withReason = event.type === 'link.revoked'
      expect(Object.keys(event.data).sort()).toEqual(withReason ? ['id', 'purpose', 'reason', 'subject'] : ['id', 'purpose', 'subject'])
      if (withReason) expect(event.data.reason).toBe('revoked')
      expect(event.data.purpose).toBe('reset_password')
      expect(new Date(event.timestamp).toISOString()).toBe(event.timestamp)
    }
    // The id is the link's public id, the same in every event about one link.
    const handleOf = async (token: string) => {
      const { verifyToken } = await import('../src/core/token-codec.ts')
      const verified = await verifyToken(keyring, token, Date.now())
      if (!verified.ok) throw new Error('token does not verify')
      return linkId(keyring.crypto, verified.claims.handle)
    }
    const usedId = await handleOf(used)
    expect(events.filter((e) => e.data.subject === 'user-1').map((e) => e.data.id)).toEqual([usedId, usedId, usedId])
    const ids = receiver.received.map((r) => r.headers['webhook-id'])
    expect(new Set(ids).size).toBe(5)
    for (const id of ids) expect(id).toMatch(/^msg_[A-Za-z0-9_-]{22}$/)
    const bodies = receiver.received.map((r) => r.body).join('\n')
    for (const secret of [...secretsOf(used), ...secretsOf(cancelled), receiver.secret, receiver.secret.slice(6)]) expect(bodies).not.toContain(secret)
    expect(queue.stats()).toMatchObject({ queued: 0, delivered: 5, failedAttempts: 0, dropped: 0 })
  })

  it('a receiver that is down, then returns, gets every event exactly once as it was queued, and the log holds no secret', async () => {
    const { receiver, links, queue, logger } = await setup()
    await receiver.down()
    const tokens: string[] = []
    for (let i = 0; i < 12; i++) tokens.push(await issue(links, `user-${i}`))
    for (const token of tokens.slice(0, 6)) expect((await links.consume(token)).ok).toBe(true)
    // Every event has failed at least once, some several times: the receiver is really down.
    await eventually(() => expect(queue.stats().failedAttempts).toBeGreaterThanOrEqual(18 * 2))
    expect(queue.stats().queued).toBe(18)
    await receiver.up()

    await eventually(() => expect(queue.stats()).toMatchObject({ queued: 0, delivered: 18, gaveUp: 0, dropped: 0 }))
    expect(receiver.rejected).toEqual([])
    const ids = receiver.received.map((r) => r.headers['webhook-id'])
    expect(new Set(ids).size).toBe(ids.length) // nothing arrived twice
    const events = verifiedEvents(receiver)
    expect(events.filter((e) => e.type === 'link.issued').map((e) => e.data.subject).sort()).toEqual(tokens.map((_, i) => `user-${i}`).sort())
    expect(events.filter((e) => e.type === 'link.consumed').map((e) => e.data.subject).sort()).toEqual(tokens.slice(0, 6).map((_, i) => `user-${i}`).sort())

    const log = logger.lines.join('\n')
    expect(log).toContain('webhook_receiver_failing')
    expect(log).toContain('webhook_receiver_recovered')
    for (const secret of [...tokens.flatMap(secretsOf), receiver.secret, receiver.secret.slice(6), '/hooks/slotlink']) expect(log).not.toContain(secret)
    // One line for the outage and one for the recovery, not one per failed attempt.
    expect(logger.lines.filter((line) => line.includes('webhook_receiver_failing'))).toHaveLength(1)
  })

  it('retries an event the receiver answered with an error, with the same id and body, until a 2xx', async () => {
    const { receiver, links, queue } = await setup()
    receiver.failWith = 503
    await issue(links, 'user-503')
    await eventually(() => expect(receiver.received.length).toBeGreaterThanOrEqual(3))
    receiver.failWith = undefined
    await eventually(() => expect(queue.stats()).toMatchObject({ queued: 0, delivered: 1 }))
    const attempts = receiver.received
    expect(new Set(attempts.map((r) => r.headers['webhook-id'])).size).toBe(1)
    expect(new Set(attempts.map((r) => r.body)).size).toBe(1)
    expect(attempts.every((r) => r.verified !== undefined)).toBe(true)
    expect(queue.stats().failedAttempts).toBe(attempts.length - 1)
  })

  it('a tampered body, signature or timestamp, or another secret, fails verification', async () => {
    const { receiver, links } = await setup()
    await issue(links, 'user-t')
    const [delivered] = await eventually(() => {
      expect(receiver.received).toHaveLength(1)
      return receiver.received
    })
    const headers = { ...delivered!.headers } as Record<string, string>
    const verifier = new Webhook(receiver.secret)
    expect(verifier.verify(delivered!.body, headers)).toEqual(JSON.parse(delivered!.body))
    expect(() => verifier.verify(delivered!.body.replace('user-t', 'user-u'), headers)).toThrow()
    const signature = headers['webhook-signature']!
    const flipped = signature.slice(0, -3) + (signature.at(-3) === 'A' ? 'B' : 'A') + signature.slice(-2)
    expect(() => verifier.verify(delivered!.body, { ...headers, 'webhook-signature': flipped })).toThrow()
    expect(() => verifier.verify(delivered!.body, { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) + 1) })).toThrow()
    expect(() => verifier.verify(delivered!.body, { ...headers, 'webhook-id': 'msg_other' })).toThrow()
    const other = new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`)
    expect(() => other.verify(delivered!.body, headers)).toThrow()
  })

  it('a full queue drops new events, counts them on /metrics and logs it once a while, without the event', async () => {
    const { receiver, links, queue, logger } = await setup({ maxQueued: 3 })
    await receiver.down()
    for (let i = 0; i < 5; i++) await issue(links, `overflow-${i}`)
    expect(queue.stats()).toMatchObject({ queued: 3, dropped: 2 })
    const text = new Metrics().render({ open: 0, queued: 0 }, queue.stats())
    expect(text).toContain('slotlink_webhook_dropped_total 2')
    expect(text).toContain('slotlink_webhook_queue_depth 3')
    const drops = logger.lines.filter((line) => line.includes('webhook_dropped'))
    expect(drops).toHaveLength(1)
    expect(drops[0]).not.toContain('overflow-')
    await receiver.up()
    await eventually(() => expect(queue.stats()).toMatchObject({ queued: 0, delivered: 3 }))
    expect(verifiedEvents(receiver).map((e) => e.data.subject).sort()).toEqual(['overflow-0', 'overflow-1', 'overflow-2'])
  })

  it('gives an event up once its deadline passes, counted and logged', async () => {
    const { receiver, links, queue, logger } = await setup({ retry: { firstDelayMs: 20, maxDelayMs: 40, deadlineMs: 200 } })
    await receiver.down()
    await issue(links, 'user-g')
    await eventually(() => expect(queue.stats()).toMatchObject({ queued: 0, gaveUp: 1, delivered: 0 }))
    expect(queue.stats().failedAttempts).toBeGreaterThan(1)
    expect(logger.lines.filter((line) => line.includes('webhook_gave_up'))).toHaveLength(1)
  })

  it('close() hands back what is undelivered, and a new queue sends it with the same ids', async () => {
    const receiver = await startWebhookReceiver()
    cleanups.push(() => receiver.close())
    await receiver.down()
    const send = webhookSender({ url: receiver.url, secret: receiver.secret })
    const first = new WebhookQueue({ send, retry: QUICK_RETRY })
    for (const type of LIFECYCLE_EVENT_TYPES) first.emit(type, { id: `id-${type}`, purpose: 'sign_in', subject: 's', ...(type === 'link.superseded' && { reason: 'superseded' }) })
    await eventually(() => expect(first.stats().failedAttempts).toBeGreaterThanOrEqual(LIFECYCLE_EVENT_TYPES.length))
    const pending = await first.close()
    expect(pending).toHaveLength(LIFECYCLE_EVENT_TYPES.length)
    expect(first.enqueue({ type: 'link.issued', timestamp: new Date().toISOString(), data: { id: 'late', purpose: 'p', subject: 's' } })).toBe(false)

    await receiver.up()
    const second = new WebhookQueue({ send, retry: QUICK_RETRY, restore: pending })
    cleanups.push(() => second.close())
    await eventually(() => expect(second.stats()).toMatchObject({ queued: 0, delivered: LIFECYCLE_EVENT_TYPES.length }))
    expect(receiver.received.map((r) => r.headers['webhook-id']).sort()).toEqual(pending.map((p) => p.id).sort())
    expect(receiver.received.map((r) => r.body).sort()).toEqual(pending.map((p) => p.payload).sort())
    expect(verifiedEvents(receiver).find((e) => e.type === 'link.superseded')?.data.reason).toBe('superseded')
  })
})

describe('the default retry schedule', () => {
  /** The attempt times (ms after queueing) the policy gives with a fixed jitter draw. */
  function schedule(policy: RetryPolicy, draw: number): number[] {
    const times = [0]
    for (let failed = 1; ; failed++) {
      const at = nextAttemptAt(policy, { queuedAt: 0, failedAttempts: failed }, times.at(-1)!, () => draw)
      if (at === undefined) return times
      times.push(at)
    }
  }

  it('keeps trying for at least an hour whatever the jitter, backing off up to its cap', () => {
    for (const draw of [0, 0.5, 0.999999]) {
      const times = schedule(DEFAULT_RETRY_POLICY, draw)
      expect(times.at(-1)!).toBeGreaterThanOrEqual(HOUR_MS)
      expect(times.at(-1)!).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.deadlineMs)
      const gaps = times.slice(1).map((t, i) => t - times[i]!)
      expect(gaps[0]).toBeGreaterThanOrEqual(DEFAULT_RETRY_POLICY.firstDelayMs / 2)
      for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThanOrEqual(gaps[i - 1]! - 1e-6)
      for (const gap of gaps) expect(gap).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxDelayMs)
    }
  })

  it('jitter spreads two events that failed together', () => {
    const a = nextAttemptAt(DEFAULT_RETRY_POLICY, { queuedAt: 0, failedAttempts: 3 }, 1000, () => 0.1)!
    const b = nextAttemptAt(DEFAULT_RETRY_POLICY, { queuedAt: 0, failedAttempts: 3 }, 1000, () => 0.9)!
    expect(b - a).toBeGreaterThan(5000)
  })
})

describe('link service without a sink', () => {
  it('makes no event and works as before', async () => {
    const slots = await PiscinaSlotStore.start({ threads: 1 })
    try {
      const links = createLinkService({ keyring: await Keyring.random(), slots })
      const token = await issue(links, 'plain')
      expect((await links.peek(token, { viewed: true })).ok).toBe(true)
      expect((await links.consume(token)).ok).toBe(true)
    } finally {
      await slots.close()
    }
  })
})
