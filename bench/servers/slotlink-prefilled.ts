/**
 * slotlink through the library entry (createSlotlink + routes), with BENCH_PREFILL links already
 * open before it listens: the server of the growth rows.
 *
 * The shipped server (src/server/node/main.ts) caps each worker at 2,000,000 slots, 4,000,000 on two cores,
 * so 5,000,000 open links need the library's `maxSlotsPerWorker`. The prefill opens slots through
 * the store (no token is signed: nobody will use them), which is all that growth depends on.
 *
 *   env: PORT, SLOTLINK_API_KEY, SLOTLINK_KEYS, BENCH_PREFILL
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { availableParallelism } from 'node:os'
import { createSlotlink, PiscinaSlotStore } from '../../src/node/index.ts'
import { createLogger as productionLogger } from '../../src/server/node/logger.ts'

/** Concurrent opens while prefilling: enough to keep both workers busy. */
const PREFILL_CONCURRENCY = 512
/** Room past the prefill for what the measured windows open. */
const HEADROOM_SLOTS = 2_000_000

const port = Number(process.env.PORT)
const apiKey = process.env.SLOTLINK_API_KEY
const prefill = Number(process.env.BENCH_PREFILL ?? 0)
if (!apiKey || !port) throw new Error('PORT and SLOTLINK_API_KEY are required')

const threads = availableParallelism()
// Room for every link in each worker: opens are not spread evenly, and a full worker passing
// opens on to the others is a cost the growth rows should not measure.
const slots = await PiscinaSlotStore.start({ threads, maxSlotsPerWorker: prefill + HEADROOM_SLOTS })
const slotlink = await createSlotlink({ keys: process.env.SLOTLINK_KEYS, slots })

const expiresAt = Math.floor(Date.now() / 1000) + 3600
let next = 0
async function fill(): Promise<void> {
  while (next < prefill) {
    const n = next++
    const opened = await slots.open({ purpose: 'reset_password', subject: `user-${n}`, data: null, expiresAt, createdAtMs: Date.now(), codeHash: crypto.getRandomValues(new Uint8Array(16)) })
    if (!opened.ok) throw new Error(`prefill stopped at ${n}: ${opened.reason}`)
  }
}
await Promise.all(Array.from({ length: PREFILL_CONCURRENCY }, fill))

const app = slotlink.routes({ apiKey, publicUrl: `http://127.0.0.1:${port}`, logger: productionLogger(), isLocalRequest: () => true })
// routes() leaves /healthz to the host (opt-in); the bench waits on it before measuring.
app.route('/', slotlink.health())
const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' })
process.once('SIGTERM', () => {
  server.close()
  slotlink.close().finally(() => process.exit(0))
})
