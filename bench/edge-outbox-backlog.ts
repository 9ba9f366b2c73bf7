/**
 * What a webhook event costs the edge outbox while its receiver is down: the real worker on
 * workerd through the test suite's metered entry (test/support/edge-meter), which counts the
 * runtime's own `rowsRead`/`rowsWritten` of every SQL statement. The receiver goes down, `--links`
 * links are minted (one `link.issued` event each, spread over the outbox shards, where they stay
 * queued and retried), and the outbox's counts are printed as one JSON line.
 *
 * A backlog should not make an event dearer: an outbox that counted its queue with `SELECT
 * COUNT(*)` at each event read every queued row each time (README, "Cost per million links").
 *
 *   node --import tsx bench/edge-outbox-backlog.ts [--links=200] [--root=<checkout to measure>]
 */
import { resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Tally } from '../test/support/edge-meter/tally.ts'

const flag = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3)
const links = Number(flag('links') ?? 200)
// Another checkout (a `git archive` of an older commit, node_modules linked) is measured with its own worker.
const root = resolve(flag('root') ?? new URL('..', import.meta.url).pathname)
const { startEdgeTarget } = (await import(`${root}/test/support/edge-target.ts`)) as typeof import('../test/support/edge-target.ts')
const { startWebhookReceiver } = (await import(`${root}/test/support/webhook-receiver.ts`)) as typeof import('../test/support/webhook-receiver.ts')
const { METER_PATH } = (await import(`${root}/test/support/edge-meter/tally.ts`)) as typeof import('../test/support/edge-meter/tally.ts')

const receiver = await startWebhookReceiver()
const edge = await startEdgeTarget(
  { SLOTLINK_WEBHOOK_URL: receiver.url, SLOTLINK_WEBHOOK_SECRET: receiver.secret },
  { entrypoint: `${root}/test/support/edge-meter/metered-worker.ts` },
)
try {
  const mint = async (subject: string) => {
    const response = await fetch(`${edge.target.baseUrl}/api/links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${edge.target.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ purpose: 'reset_password', subject, ttl: 600 }),
    })
    if (response.status !== 201) throw new Error(`mint answered ${response.status}`)
    await response.arrayBuffer()
  }
  // Warm: the isolate, the D1 migrations and the outbox shards, delivered while the receiver is up.
  await mint('warm-up')
  await sleep(2000)
  await receiver.down()
  await fetch(edge.target.baseUrl + METER_PATH, { method: 'DELETE' })
  for (let i = 0; i < links; i++) await mint(`backlog-${i}`)
  // Let the last enqueues and the first failing delivery alarms settle.
  await sleep(1500)
  const outbox = ((await (await fetch(edge.target.baseUrl + METER_PATH)).json()) as Tally).objects.WebhookOutbox
  if (!outbox) throw new Error('the outbox was not called')
  const events = outbox.rpc.enqueue ?? 0
  process.stdout.write(
    JSON.stringify({ root, events, alarms: outbox.alarms, sqlStatements: outbox.sqlExec, rowsRead: outbox.sqlRowsRead, rowsWritten: outbox.sqlRowsWritten, rowsReadPerEvent: +(outbox.sqlRowsRead / events).toFixed(1) }) + '\n',
  )
} finally {
  await edge.stop()
  await receiver.close()
}
