/**
 * The Node delivery thread (src/node/webhook-delivery-thread.ts and its worker) against real HTTP
 * receivers: one that verifies with `standardwebhooks`, ones that fail, hang or are down; under a
 * real WebhookQueue where retries and close() matter; and in a process of its own, to see what it
 * logs and that it lets the process exit.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { afterEach, describe, expect, it } from 'vitest'
import { WebhookQueue } from '../src/core/webhooks/webhook-queue.ts'
import { DELIVERY_THREAD_NICE } from '../src/node/webhook-delivery-protocol.ts'
import { WebhookDeliveryThread } from '../src/node/webhook-delivery-thread.ts'
import { captureLogger } from './support/node-target.ts'
import { eventually, newWebhookSecret, startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function receiver(): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver()
  cleanups.push(() => started.close())
  return started
}

function thread(url: string, secret: string, options: ConstructorParameters<typeof WebhookDeliveryThread>[1] = {}) {
  const delivery = new WebhookDeliveryThread({ url, secret }, options)
  cleanups.push(() => delivery.close())
  return delivery
}

/** A receiver that reads each request and never answers it. */
async function hangingReceiver(): Promise<{ url: string; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = []
  const server: Server = createServer((request) => {
    seen.push(request)
    request.resume()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/slotlink`, seen }
}

const event = (i: number) => JSON.stringify({ type: 'link.issued', timestamp: new Date(0).toISOString(), data: { id: `id-${i}`, purpose: 'sign_in', subject: `user-${i}` } })

describe('the webhook delivery thread', () => {
  it('delivers a batch, each POST signed per Standard Webhooks with its own id and the exact body', async () => {
    const hooks = await receiver()
    const delivery = thread(hooks.url, hooks.secret)
    const sent = Array.from({ length: 50 }, (_, i) => ({ id: `msg_batch_${i}`, payload: event(i) }))
    const results = await Promise.all(sent.map((webhook) => delivery.send(webhook)))
    expect(results).toEqual(sent.map(() => ({ ok: true })))
    expect(hooks.rejected).toEqual([])
    expect(hooks.received).toHaveLength(50)
    const byId = new Map(hooks.received.map((r) => [r.headers['webhook-id'], r]))
    for (const { id, payload } of sent) {
      expect(byId.get(id)!.body).toBe(payload)
      expect(byId.get(id)!.verified).toEqual(JSON.parse(payload))
      expect(byId.get(id)!.headers['content-type']).toBe('application/json')
    }
  })

  it('signs so that a tampered body or signature fails verification, and a receiver with another secret refuses it (a failed attempt)', async () => {
    const hooks = await receiver()
    expect(await thread(hooks.url, hooks.secret).send({ id: 'msg_tamper', payload: event(1) })).toEqual({ ok: true })
    const [delivered] = hooks.received
    const headers = delivered!.headers as Record<string, string>
    const verifier = new Webhook(hooks.secret)
    expect(verifier.verify(delivered!.body, headers)).toEqual(JSON.parse(event(1)))
    expect(() => verifier.verify(delivered!.body.replace('user-1', 'user-2'), headers)).toThrow()
    const signature = headers['webhook-signature']!
    const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1)
    expect(() => verifier.verify(delivered!.body, { ...headers, 'webhook-signature': flipped })).toThrow()
    expect(() => verifier.verify(delivered!.body, { ...headers, 'webhook-id': 'msg_other' })).toThrow()

    const wrongSecret = thread(hooks.url, newWebhookSecret())
    expect(await wrongSecret.send({ id: 'msg_wrong_secret', payload: event(2) })).toEqual({ ok: false, failure: 'status 401' })
    expect(hooks.rejected).toHaveLength(1)
  })

  it('fails an attempt on a 500, on a 3xx (which it does not follow) and on a refused connection, naming the failure without the URL', async () => {
    const hooks = await receiver()
    const delivery = thread(hooks.url, hooks.secret)
    hooks.failWith = 500
    expect(await delivery.send({ id: 'msg_500', payload: event(1) })).toEqual({ ok: false, failure: 'status 500' })
    hooks.failWith = 302
    expect(await delivery.send({ id: 'msg_302', payload: event(2) })).toEqual({ ok: false, failure: 'status 302' })
    expect(hooks.received.map((r) => r.headers['webhook-id'])).toEqual(['msg_500', 'msg_302'])
    await hooks.down()
    const refused = await delivery.send({ id: 'msg_down', payload: event(3) })
    expect(refused).toMatchObject({ ok: false, failure: expect.stringContaining('ECONNREFUSED') })
    expect(JSON.stringify(refused)).not.toContain('127.0.0.1')
    expect(JSON.stringify(refused)).not.toContain('/hooks/slotlink')
  })

  it('fails an attempt the receiver does not answer within the attempt timeout', async () => {
    const hanging = await hangingReceiver()
    const delivery = thread(hanging.url, newWebhookSecret(), { timeoutMs: 300 })
    const result = await delivery.send({ id: 'msg_slow', payload: event(1) })
    expect(result).toMatchObject({ ok: false, failure: expect.stringMatching(/Timeout/) })
    expect(hanging.seen).toHaveLength(1)
  })

  it('under a WebhookQueue, retries a failed attempt with the same id and body until the receiver takes it', async () => {
    const hooks = await receiver()
    const delivery = thread(hooks.url, hooks.secret)
    const queue = new WebhookQueue({ send: delivery.send, retry: { firstDelayMs: 50, maxDelayMs: 100, deadlineMs: 60_000 } })
    cleanups.push(() => queue.close())
    hooks.failWith = 500
    queue.emit('link.consumed', { id: 'link-retried', purpose: 'sign_in', subject: 'user-retried' })
    await eventually(() => expect(hooks.received.length).toBeGreaterThanOrEqual(2))
    hooks.failWith = undefined
    await eventually(() => expect(queue.stats().delivered).toBe(1))
    expect(queue.stats()).toMatchObject({ queued: 0, dropped: 0 })
    expect(new Set(hooks.received.map((r) => r.headers['webhook-id'])).size).toBe(1)
    expect(new Set(hooks.received.map((r) => r.body)).size).toBe(1)
    expect(hooks.received.at(-1)!.verified).toMatchObject({ type: 'link.consumed', data: { id: 'link-retried' } })
  })

  it('hands back the attempts still in flight when the queue closes, and closes the thread after', async () => {
    const hanging = await hangingReceiver()
    const delivery = thread(hanging.url, newWebhookSecret())
    const queue = new WebhookQueue({ send: delivery.send })
    for (let i = 0; i < 3; i++) queue.emit('link.issued', { id: `link-${i}`, purpose: 'sign_in', subject: `kept-${i}` })
    await eventually(() => expect(hanging.seen).toHaveLength(3))
    const pending = await queue.close()
    await delivery.close()
    expect(pending.map((entry) => JSON.parse(entry.payload).data.subject).sort()).toEqual(['kept-0', 'kept-1', 'kept-2'])
    expect(pending.map((entry) => entry.id).sort()).toEqual(hanging.seen.map((request) => request.headers['webhook-id']).sort())
    expect(await delivery.send({ id: 'msg_after_close', payload: event(9) })).toEqual({ ok: false, failure: 'delivery thread closed' })
  })

  it.runIf(process.platform === 'linux')('runs at the lowest priority (nice 19) on its own thread, leaving the serving thread as it was', async () => {
    const hooks = await receiver()
    const niceOf = (statPath: string) => Number(readFileSync(statPath, 'utf8').split(') ').pop()!.split(' ')[16])
    const mainNice = niceOf('/proc/thread-self/stat')
    const delivery = thread(hooks.url, hooks.secret)
    const ready = await delivery.ready()
    expect(ready.lowered).toBe(true)
    expect(ready.osThreadId).not.toBe(process.pid)
    // Field 19 of the thread's stat line is its nice value.
    expect(niceOf(`/proc/${process.pid}/task/${ready.osThreadId}/stat`)).toBe(DELIVERY_THREAD_NICE)
    expect(niceOf('/proc/thread-self/stat')).toBe(mainNice)
    expect(await delivery.send({ id: 'msg_low', payload: event(1) })).toEqual({ ok: true })
  })

  it('keeps the default priority when told to', async () => {
    const hooks = await receiver()
    expect(await thread(hooks.url, hooks.secret, { lowPriority: false }).ready()).toMatchObject({ lowered: false })
  })
})

describe('the delivery thread in a process of its own', () => {
  /** Runs test/support/delivery-child.ts; `exited` resolves with its output once it exits by itself (and rejects at a deadline). */
  function child(env: Record<string, string>) {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'test/support/delivery-child.ts'], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
    cleanups.push(() => proc.exitCode === null && proc.kill('SIGKILL'))
    let output = ''
    for (const stream of [proc.stdout, proc.stderr]) stream.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    const exited = new Promise<{ output: string; code: number | null }>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`the child did not exit by itself:\n${output}`)), 25_000)
      proc.once('close', (code) => (clearTimeout(deadline), resolve({ output, code })))
    })
    return { stdin: proc.stdin, exited }
  }

  it('stays up while attempts are in flight, and exits once the queue and the thread are closed, after handing those back', async () => {
    const hanging = await hangingReceiver()
    const { stdin, exited } = child({ WEBHOOK_URL: hanging.url, WEBHOOK_SECRET: newWebhookSecret(), EVENTS: '2', CLOSE: '1' })
    let gone = false
    void exited.then(() => (gone = true), () => {})
    await eventually(() => expect(hanging.seen).toHaveLength(2))
    expect(gone).toBe(false)
    stdin.write('close\n')
    const { output, code } = await exited
    expect(code).toBe(0)
    expect(output).toContain('handed back 2')
  })

  it('never writes a payload, the secret or the URL to its log or its output, whatever the receiver does', async () => {
    const hooks = await receiver()
    hooks.failWith = 500
    const { output, code } = await child({ WEBHOOK_URL: hooks.url, WEBHOOK_SECRET: hooks.secret, EVENTS: '3' }).exited
    // Once the attempts have failed, the retry timer (unreferenced) and the idle thread let the process end.
    expect(code).toBe(0)
    expect(hooks.received).toHaveLength(3)
    expect(output).toContain('webhook_receiver_failing')
    expect(output).toContain('status 500')
    for (const secretText of [hooks.secret, hooks.secret.slice(6), 'child-subject', '/hooks/slotlink', hooks.url]) expect(output).not.toContain(secretText)
  })
})
