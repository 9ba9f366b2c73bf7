/**
 * The bench's wait for the webhooks server's outbox (bench/helpers/webhook-drain.ts), against the
 * real Node server with webhooks on and a real receiver: it reads the counts the server's /metrics
 * gives with the API key (NODE_ENV=production refuses it keyless), and waits for a backlog.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { drainWebhooks, webhookCounts, webhookPhase } from '../bench/helpers/webhook-drain.ts'
import { onFreePort } from '../scripts/lib/launch.ts'
import { loadConfig } from '../src/server/node/config.ts'
import { startServer } from '../src/server/node/start-server.ts'
import { captureLogger, TEST_API_KEY } from './support/node-target.ts'
import { startWebhookReceiver } from './support/webhook-receiver.ts'

const KEYS = 'k1:' + Buffer.alloc(32, 5).toString('base64url')
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function serverWithWebhooks() {
  const receiver = await startWebhookReceiver()
  const dataDir = mkdtempSync(join(tmpdir(), 'slotlink-drain-'))
  cleanups.push(() => receiver.close(), () => rmSync(dataDir, { recursive: true, force: true }))
  const env = { NODE_ENV: 'production', SLOTLINK_API_KEY: TEST_API_KEY, SLOTLINK_KEYS: KEYS, SLOTLINK_DATA_DIR: dataDir, SLOTLINK_WORKERS: '1', SLOTLINK_WEBHOOK_URL: receiver.url, SLOTLINK_WEBHOOK_SECRET: receiver.secret }
  const server = await onFreePort((port) => startServer(loadConfig({ ...env, PORT: String(port) }), captureLogger()))
  cleanups.push(() => server.stop())
  const url = `http://127.0.0.1:${server.port}`
  const mint = async (subject: string) => {
    const res = await fetch(`${url}/api/links`, { method: 'POST', headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ purpose: 'sign_in', subject }) })
    expect(res.status).toBe(201)
  }
  return { receiver, url, mint }
}

describe('the bench waiting for the webhook outbox to drain', () => {
  it('counts a phase: the events it delivered, none dropped, once the queue is empty', async () => {
    const { receiver, url, mint } = await serverWithWebhooks()
    const before = await webhookCounts(url, TEST_API_KEY)
    expect(before).toEqual({ queued: 0, delivered: 0, dropped: 0 })
    for (let i = 0; i < 20; i++) await mint(`drain-${i}`)
    const after = await drainWebhooks(url, TEST_API_KEY)
    expect(after.drained).toBe(true)
    expect(webhookPhase(before, after)).toMatchObject({ delivered: 20, dropped: 0, drained: true })
    expect(receiver.received.filter((r) => r.verified !== undefined)).toHaveLength(20)
  })

  it('gives up at its deadline while the receiver is down, saying the queue did not drain', async () => {
    const { receiver, url, mint } = await serverWithWebhooks()
    await receiver.down()
    await mint('stuck')
    const after = await drainWebhooks(url, TEST_API_KEY, 500)
    expect(after).toMatchObject({ drained: false, counts: { queued: 1, delivered: 0 } })
  })
})
