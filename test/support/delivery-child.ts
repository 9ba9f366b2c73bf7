/**
 * A process of its own for test/webhook-delivery-thread.test.ts: a WebhookQueue over the delivery
 * thread, sending EVENTS events to WEBHOOK_URL, with every log line written to stdout. With
 * CLOSE=1 it closes the queue (printing how many entries it handed back) and the thread when a
 * line arrives on stdin. Either way it then does nothing more: it exits only if the thread lets it.
 */
import { WebhookQueue } from '../../src/core/webhooks/webhook-queue.ts'
import { WebhookDeliveryThread } from '../../src/node/webhook-delivery-thread.ts'

const write = (level: string) => (fields: Record<string, unknown>, message?: string) => process.stdout.write(JSON.stringify({ level, ...fields, msg: message }) + '\n')
const logger = { info: write('info'), warn: write('warn'), error: write('error') }
const delivery = new WebhookDeliveryThread({ url: process.env.WEBHOOK_URL!, secret: process.env.WEBHOOK_SECRET! }, { logger, timeoutMs: Number(process.env.TIMEOUT_MS ?? 15_000) })
const queue = new WebhookQueue({ send: delivery.send, logger })
const events = Number(process.env.EVENTS)
for (let i = 0; i < events; i++) queue.emit('link.issued', { id: `link-${i}`, purpose: 'reset_password', subject: `child-subject-${i}` })
process.stdout.write('queued\n')
if (process.env.CLOSE === '1') {
  // The parent says when the receiver has seen every attempt (or failed them all).
  process.stdin.once('data', async () => {
    process.stdin.destroy()
    const pending = await queue.close()
    await delivery.close()
    process.stdout.write(`handed back ${pending.length}\n`)
  })
}
