/**
 * The README's "verify a webhook in 5 lines", run as written: its block is saved as a file in this
 * project (so `hono` and `standardwebhooks` resolve as in a user's app), served on loopback, and
 * sent real events by createSlotlink's webhook queue. A request with a bad signature gets a 401.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { serve, type ServerType } from '@hono/node-server'
import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createSlotlink, WebhookQueue, webhookSender, type LifecycleEvent } from '../src/node/index.ts'
import { eventually, newWebhookSecret } from './support/webhook-receiver.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
/** Under .data/ (git-ignored), inside the project so the snippet's imports resolve from its node_modules. */
const DIR = join(ROOT, '.data', `readme-webhook-${process.pid}`)

function readmeReceiver(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const block = /```ts\n(\/\/ receiver\.ts\n[\s\S]*?)```/.exec(readme)
  if (!block) throw new Error('README.md has no ```ts block starting with // receiver.ts')
  return block[1]!
}

const secret = newWebhookSecret()
let server: ServerType
let url: string
const logged = vi.spyOn(console, 'log').mockImplementation(() => {})

beforeAll(async () => {
  mkdirSync(DIR, { recursive: true })
  writeFileSync(join(DIR, 'receiver.ts'), readmeReceiver())
  // The snippet reads its secret from the environment, as the README's service does.
  process.env.SLOTLINK_WEBHOOK_SECRET = secret
  const { receiver } = (await import(pathToFileURL(join(DIR, 'receiver.ts')).href)) as { receiver: Hono }
  await new Promise<void>((resolve) => {
    server = serve({ fetch: receiver.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve())
  })
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/slotlink`
})

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve))
  rmSync(DIR, { recursive: true, force: true })
  delete process.env.SLOTLINK_WEBHOOK_SECRET
  logged.mockRestore()
})

describe("the README's webhook receiver", () => {
  it('is 5 lines of code', () => {
    const code = readmeReceiver().split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('//'))
    expect(code).toHaveLength(5)
  })

  it('verifies the events slotlink sends and hands each over as sent', { timeout: 60_000 }, async () => {
    const events = new WebhookQueue({ send: webhookSender({ url, secret }) })
    const slotlink = await createSlotlink({ slots: { threads: 1 }, events })
    try {
      const issued = await slotlink.issue({ purpose: 'reset_password', subject: 'readme-user' })
      if (!issued.ok) throw new Error('issue failed')
      expect((await slotlink.consume(issued.token)).ok).toBe(true)
      const verified = () => logged.mock.calls.map(([event]) => event as LifecycleEvent).filter((e) => e?.data?.subject === 'readme-user')
      await eventually(() => expect(verified().map((e) => e.type).sort()).toEqual(['link.consumed', 'link.issued']))
      for (const event of verified()) expect(event.data).toEqual({ id: issued.id, purpose: 'reset_password', subject: 'readme-user' })
      await eventually(() => expect(events.stats().delivered).toBe(2))
    } finally {
      await slotlink.close()
      await events.close()
    }
  })

  it('answers 401 to a body whose signature does not match, and hands nothing over', async () => {
    const before = logged.mock.calls.length
    const body = JSON.stringify({ type: 'link.consumed', timestamp: new Date().toISOString(), data: { id: 'x', purpose: 'reset_password', subject: 'forged' } })
    const headers = { 'content-type': 'application/json', 'webhook-id': 'msg_forged', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,' + Buffer.alloc(32).toString('base64') }
    expect((await fetch(url, { method: 'POST', headers, body })).status).toBe(401)
    expect(logged.mock.calls.length).toBe(before)
  })
})
