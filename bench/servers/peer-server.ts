/**
 * A server under test other than slotlink itself: the same Hono app (createApp: routes, zod
 * validation, bearer auth, body rules, request logging) over a peer's link service.
 *
 *   node --import tsx bench/servers/peer-server.ts ceiling|ceiling-refusing|ceiling-busy|redis|postgres
 *   env: PORT, SLOTLINK_API_KEY, and REDIS_URL, DATABASE_URL or BENCH_BUSY_MICROS
 */
import { serve } from '@hono/node-server'
import { createApp, Metrics, type LinkService } from '../../src/core/index.ts'
import { ceilingLinks } from '../peers/ceiling-links.ts'
import { postgresLinks } from '../peers/postgres-links.ts'
import { redisLinks } from '../peers/redis-links.ts'
import { createLogger as productionLogger } from '../../src/server/node/logger.ts'

const kind = process.argv[2]
const port = Number(process.env.PORT)
const apiKey = process.env.SLOTLINK_API_KEY
if (!apiKey || !port) throw new Error('PORT and SLOTLINK_API_KEY are required')

let links: LinkService
if (kind === 'ceiling') links = ceilingLinks()
else if (kind === 'ceiling-refusing') links = ceilingLinks({ refuse: true })
else if (kind === 'ceiling-busy') {
  const busyMicros = Number(process.env.BENCH_BUSY_MICROS)
  if (!(busyMicros >= 0 && busyMicros < 1e6)) throw new Error('BENCH_BUSY_MICROS must be a number of microseconds')
  links = ceilingLinks({ refuse: true, busyMicros })
}
else if (kind === 'redis') links = redisLinks(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
else if (kind === 'postgres') {
  const pg = postgresLinks(process.env.DATABASE_URL ?? 'postgres://127.0.0.1/postgres')
  await pg.migrate()
  links = pg
} else throw new Error(`unknown peer ${kind}`)

const app = createApp({ links, apiKey, publicUrl: `http://127.0.0.1:${port}`, metrics: new Metrics(), logger: productionLogger(), isLocalRequest: () => true })
const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' })
process.once('SIGTERM', () => {
  server.close()
  links.slots.close().finally(() => process.exit(0))
})
