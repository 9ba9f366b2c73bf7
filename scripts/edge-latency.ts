/**
 * Latency of the API on the local Workers runtime (workerd under wrangler dev, Durable Object
 * slots), as a client sees it over loopback HTTP: mint, peek and consume one at a time, then
 * consumes of fresh links with 32 in flight. Local workerd, not Cloudflare's network: the figures
 * say what the runtime and the Durable Object round trips cost, not what users far away would see.
 *
 *   npx tsx scripts/edge-latency.ts [links=300]
 *
 * Local Durable Object storage commits to SQLite files, and workerd answers a write only once it is
 * durable, so write latency here is mostly the disk's fsync; PERSIST_ROOT=/dev/shm takes the disk out.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unstable_startWorker } from 'wrangler'

const LINKS = Number(process.argv[2] ?? 300)
const IN_FLIGHT = 32
Object.assign(process.env, { CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' })

const apiKey = randomBytes(32).toString('base64url')
const persist = mkdtempSync(join(process.env.PERSIST_ROOT ?? tmpdir(), 'slotlink-latency-'))
const secrets = { SLOTLINK_KEYS: `bench:${randomBytes(32).toString('base64url')}`, SLOTLINK_API_KEY: apiKey }
const worker = await unstable_startWorker({
  config: 'wrangler.toml',
  bindings: Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, { type: 'secret_text', value }])),
  dev: { persist, server: { hostname: '127.0.0.1', port: 0 }, inspector: false, watch: false, logLevel: (process.env.LOG_LEVEL as 'error' | undefined) ?? 'error' },
})
const base = (await worker.url).origin
const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }

async function timed(send: () => Promise<Response>, expected: number): Promise<number> {
  const started = performance.now()
  const res = await send()
  await res.arrayBuffer()
  if (res.status !== expected) throw new Error(`expected ${expected}, got ${res.status}`)
  return performance.now() - started
}
const mint = () => fetch(`${base}/api/links`, { method: 'POST', headers, body: JSON.stringify({ purpose: 'reset_password', subject: `user-${Math.random()}` }) })
const peek = (token: string) => fetch(`${base}/api/links/${token}`, { headers })
const consume = (token: string) => fetch(`${base}/api/links/consume`, { method: 'POST', headers, body: JSON.stringify({ token }) })

function summary(name: string, ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2)
  console.log(`${name.padEnd(28)} n=${String(sorted.length).padEnd(5)} p50 ${at(0.5)} ms   p95 ${at(0.95)} ms   p99 ${at(0.99)} ms`)
}

try {
  // Warm-up: the isolate, the bundle and the first objects.
  for (let i = 0; i < 30; i++) {
    const { token } = (await (await mint()).json()) as { token: string }
    await (await consume(token)).arrayBuffer()
  }
  const times = { mint: [] as number[], peek: [] as number[], consume: [] as number[], again: [] as number[] }
  for (let i = 0; i < LINKS; i++) {
    let token = ''
    times.mint.push(await timed(async () => {
      const res = await mint()
      token = ((await res.clone().json()) as { token: string }).token
      return res
    }, 201))
    times.peek.push(await timed(() => peek(token), 200))
    times.consume.push(await timed(() => consume(token), 200))
    times.again.push(await timed(() => consume(token), 410))
  }
  summary('mint (one at a time)', times.mint)
  summary('peek', times.peek)
  summary('consume', times.consume)
  summary('consume again (410 used)', times.again)

  const tokens: string[] = []
  for (let i = 0; i < LINKS; i++) tokens.push(((await (await mint()).json()) as { token: string }).token)
  const concurrent: number[] = []
  const statuses = new Map<number, number>()
  const started = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < tokens.length) {
        const begun = performance.now()
        const res = await consume(tokens[next++]!)
        const body = await res.text()
        if (res.status !== 200 && !statuses.has(res.status)) console.log(`first ${res.status}: ${body.slice(0, 200)}`)
        concurrent.push(performance.now() - begun)
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  summary(`consume (${IN_FLIGHT} in flight)`, concurrent)
  console.log(`${''.padEnd(28)} ${(tokens.length / seconds).toFixed(0)} consumes/s; statuses ${JSON.stringify(Object.fromEntries(statuses))}`)
} finally {
  await worker.dispose()
  rmSync(persist, { recursive: true, force: true })
}
