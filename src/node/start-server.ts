import { serve, type ServerType } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { createApp } from '../core/app/create-app.tsx'
import { Keyring } from '../core/keyring.ts'
import { createLinkService, type LinkService } from '../core/link-service.ts'
import type { Logger } from '../core/logger.ts'
import { Metrics } from '../core/metrics.ts'
import { readApiReferenceScript } from './api-reference-script.ts'
import { nodeProcessMetrics } from './process-metrics.ts'
import type { ServerConfig } from './config.ts'
import { createNodeDemo } from './node-demo.ts'
import { nodeLinkCrypto } from './node-link-crypto.ts'
import { PiscinaSlotStore } from './piscina-slot-store.ts'

export interface RunningServer {
  readonly url: string
  readonly port: number
  readonly apiKey: string
  readonly links: LinkService
  readonly slots: PiscinaSlotStore
  /** Graceful stop: refuse new connections, finish in-flight requests, then stop the workers. */
  stop(): Promise<void>
}

/** How long a graceful stop waits for in-flight requests before closing connections anyway. */
const DRAIN_TIMEOUT_MS = 10_000
/**
 * How long a stop keeps serving, with `Connection: close` on every answer and /healthz at 503,
 * before it closes the listener. Closing at once would reset requests a client had already sent
 * on a kept-alive connection the server had not read yet; this lets each connection finish its
 * current exchange and close cleanly, and gives a load balancer time to stop sending.
 */
const DRAIN_GRACE_MS = 1_000

/**
 * Starts the Node server: slot workers, the app, and the HTTP listener.
 * Used by `npm start` (src/server.ts) and by the tests, which listen on port 0.
 */
export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  mkdirSync(config.dataDir, { recursive: true })
  let keyring: Keyring
  if (config.keys) keyring = await Keyring.fromSecrets(config.keys, nodeLinkCrypto)
  else {
    keyring = await Keyring.random(nodeLinkCrypto)
    logger.warn({ event: 'random_signing_key' }, 'SLOTLINK_KEYS is not set: links are signed with a random key and die with this process')
  }
  let apiKey = config.apiKey
  if (apiKey === undefined) {
    apiKey = randomBytes(32).toString('base64url')
    // Printed once, on the terminal of whoever started a dev server; never logged as a field.
    process.stdout.write(`SLOTLINK_API_KEY is not set; this boot's API key is: ${apiKey}\n`)
  }

  // Snapshots only make sense when links outlive the process's key: with a random key per boot,
  // every link minted before a restart is invalid anyway.
  const snapshotDir = config.keys ? `${config.dataDir}/slots` : null
  if (!snapshotDir) logger.warn({ event: 'snapshots_off' }, 'SLOTLINK_KEYS is not set: open links are not kept across restarts (there is nothing to restore)')
  const slots = await PiscinaSlotStore.start({ threads: config.workers, snapshotDir, logger })
  try {
    return await serveLinks(config, logger, { keyring, apiKey, slots })
  } catch (error) {
    // The workers have adopted (and deleted) the last stop's snapshot by now; closing them writes it
    // back, so a start that fails (the port is taken, the demo's database cannot open) loses no link
    // and leaves no thread behind. The caller gets the start's error, not the cleanup's.
    await slots.close().catch((closeError: unknown) => logger.error({ event: 'start_cleanup_failed', error: String(closeError) }))
    throw error
  }
}

/** The app over the slot store, listening; everything after the workers are up. */
async function serveLinks(config: ServerConfig, logger: Logger, { keyring, apiKey, slots }: { keyring: Keyring; apiKey: string; slots: PiscinaSlotStore }): Promise<RunningServer> {
  const metrics = new Metrics({ collectors: [nodeProcessMetrics()] })
  const links = createLinkService({ keyring, slots, observer: metrics })
  const demo = await createNodeDemo(config, { links, logger })
  const app = createApp({
    links,
    apiKey,
    publicUrl: config.publicUrl,
    metrics,
    logger,
    isLocalRequest: isDirectLocalRequest,
    isDraining: () => draining,
    linkViews: demo.linkViews,
    apiReferenceScript: readApiReferenceScript,
  })
  demo.mount(app)

  let draining = false
  const server = await listen(async (request, env) => {
    const response = await app.fetch(request, env)
    if (!draining) return response
    const closing = new Response(response.body, response)
    closing.headers.set('connection', 'close')
    return closing
  }, config).catch(async (error: unknown) => {
    await demo.close().catch((closeError: unknown) => logger.error({ event: 'start_cleanup_failed', error: String(closeError) }))
    throw error
  })
  let openConnections = 0
  server.on('connection', (socket) => {
    openConnections++
    socket.once('close', () => openConnections--)
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
  logger.info({ event: 'listening', url, publicUrl: config.publicUrl, workers: slots.threads.length })

  let stopping: Promise<void> | undefined
  const stop = () =>
    (stopping ??= (async () => {
      logger.info({ event: 'stopping' })
      draining = true
      const drainUntil = Date.now() + DRAIN_GRACE_MS
      while (openConnections > 0 && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 25))
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections?.(), DRAIN_TIMEOUT_MS)
        server.close(() => {
          clearTimeout(force)
          resolve()
        })
        // Idle keep-alive connections would hold close() open; in-flight ones finish first.
        server.closeIdleConnections?.()
      })
      await demo.close()
      await slots.close()
      logger.info({ event: 'stopped' })
    })())
  return { url, port, apiKey, links, slots, stop }
}

function listen(fetch: (request: Request, env: unknown) => Response | Promise<Response>, config: ServerConfig) {
  return new Promise<ServerType & { closeIdleConnections?(): void; closeAllConnections?(): void }>((resolve, reject) => {
    const server = serve({ fetch, port: config.port, hostname: config.host }, () => resolve(server))
    server.once('error', reject)
  })
}

/**
 * Whether a request comes straight from this machine, for /metrics without the API key. A reverse
 * proxy on the same machine connects from loopback too, on behalf of anyone, so a request bearing
 * any proxy's mark (Forwarded, Via, X-Forwarded-*, X-Real-IP) is not local, whatever its socket says.
 */
function isDirectLocalRequest(c: Context): boolean {
  for (const header of PROXY_HEADERS) if (c.req.header(header) !== undefined) return false
  const address = getConnInfo(c).remote.address ?? ''
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.')
}

const PROXY_HEADERS = ['forwarded', 'via', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip']
