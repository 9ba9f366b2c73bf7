import { serve, type ServerType } from '@hono/node-server'
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { createApp, hasBearer } from '../../core/app/create-app.tsx'
import { siteAt } from '../../core/app/site-at.ts'
import { requestClient } from './client-address.ts'
import { Keyring } from '../../core/keyring.ts'
import { createLinkService, type LinkService } from '../../core/link-service.ts'
import type { Logger } from '../../core/logger.ts'
import { Metrics } from '../../core/metrics.ts'
import type { HttpTimeouts, ServerConfig } from './config.ts'
import { createNodeDemo } from '../../demo/node/node-demo.ts'
import { nodeLinkCrypto } from '../../node/node-link-crypto.ts'
import { PiscinaSlotStore } from '../../node/piscina-slot-store.ts'
import { WebhookQueue } from '../../core/webhooks/webhook-queue.ts'
import { WebhookDeliveryThread } from '../../node/webhook-delivery-thread.ts'
import { readOutboxFile, writeOutboxFile } from '../../node/webhook-outbox-file.ts'
import { installedApiReferenceScript } from '../../node/api-reference-script.ts'
import { ensurePrivateDir } from '../../node/private-files.ts'
import { nodeProcessMetrics } from './process-metrics.ts'
import { deriveSnapshotKeys } from '../../node/snapshot-key.ts'

export interface RunningServer {
  readonly url: string
  readonly port: number
  readonly apiKey: string
  readonly links: LinkService
  readonly slots: PiscinaSlotStore
  /** Whether mail goes to the dev outbox at /dev/outbox instead of SMTP. */
  readonly devOutbox: boolean
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
 * Slow and idle clients must not hold connections: each one costs a socket and memory, and
 * Node's defaults (60 s for headers, 5 min for a request, no bound at all on a connection that
 * never sends a byte) let a few thousand cheap connections sit on the server for minutes.
 * Requests here are small (bodies ≤ 16 KiB), so honest clients finish in milliseconds.
 */
export const HTTP_TIMEOUTS: HttpTimeouts = {
  // Headers are a few hundred bytes; ten seconds is room for a very bad mobile link. Node counts
  // it from the connection's start, so it also ends a connection that never sends a byte (408).
  headersTimeoutMs: 10_000,
  // A 16 KiB body in 30 s is ~550 bytes/s: anything slower is dripping on purpose.
  requestTimeoutMs: 30_000,
  // Node's default; a load balancer in front should close its idle connections sooner than this.
  keepAliveTimeoutMs: 5_000,
  // Node's default is 30 s, which would let a timed-out client linger that much longer.
  checkIntervalMs: 1_000,
}

/**
 * Starts the Node server: slot workers, the app, and the HTTP listener.
 * Used by `npm start` (src/server/node/main.ts) and by the tests, which listen on port 0.
 */
export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  ensurePrivateDir(config.dataDir, logger)
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
  if (snapshotDir) ensurePrivateDir(snapshotDir, logger)
  else logger.warn({ event: 'snapshots_off' }, 'SLOTLINK_KEYS is not set: open links are not kept across restarts (there is nothing to restore)')
  const snapshotKeys = config.keys ? deriveSnapshotKeys(config.keys.map((k) => k.secret)) : undefined
  // Signing and sending run on a thread of their own, at low priority: serving comes first.
  const delivery = config.webhook && new WebhookDeliveryThread(config.webhook, { logger })
  // Before the slots, which report expiries to it. What a last run left is kept on disk until the next stop.
  const webhooks: Webhooks | undefined = delivery && { queue: new WebhookQueue({ send: delivery.send, logger, restore: readOutboxFile(config.dataDir, logger) }), delivery }
  const onClosed = webhooks && ((how: 'expired' | 'revoked', links: { id: string; purpose: string; subject: string }[]) => links.forEach((link) => webhooks.queue.emit(`link.${how}`, link)))
  const slots = await PiscinaSlotStore.start({ threads: config.workers, snapshotDir, snapshotKeys, logger, onClosed })
  try {
    return await serveLinks(config, logger, { keyring, apiKey, slots, webhooks })
  } catch (error) {
    // The workers have adopted (and deleted) the last stop's snapshot by now; closing them writes it
    // back, so a start that fails (the port is taken, the demo's database cannot open) loses no link
    // and leaves no thread behind. The caller gets the start's error, not the cleanup's.
    await slots.close().catch((closeError: unknown) => logger.error({ event: 'start_cleanup_failed', error: String(closeError) }))
    await delivery?.close()
    throw error
  }
}

/** The app over the slot store, listening; everything after the workers are up. */
async function serveLinks(
  config: ServerConfig,
  logger: Logger,
  { keyring, apiKey, slots, webhooks }: { keyring: Keyring; apiKey: string; slots: PiscinaSlotStore; webhooks: Webhooks | undefined },
): Promise<RunningServer> {
  const metrics = new Metrics({ collectors: [nodeProcessMetrics()] })
  const links = createLinkService({ keyring, slots, observer: metrics, events: webhooks?.queue })
  const client = requestClient(config.trustedProxies)
  const demo = await createNodeDemo(config, {
    links,
    logger,
    clientAddress: client.address,
    // The outbox holds every live reset link: this machine only, or whoever holds the API key.
    outboxAccess: (c) => client.isLocal(c) || hasBearer(c, apiKey),
  })
  if (demo.devOutbox) {
    process.stdout.write(
      '\n  !! DEV OUTBOX IS ON: mail is not sent; every reset link is kept at /dev/outbox, readable from this\n' +
        '  !! machine and with the API key. Set SMTP_URL for real mail, NODE_ENV=production to turn it off.\n\n',
    )
    logger.warn({ event: 'dev_outbox_on' }, 'the dev outbox is on at /dev/outbox (loopback clients and API key only)')
  }
  const app = createApp({
    links,
    apiKey,
    publicUrl: config.publicUrl,
    metrics,
    logger,
    // Keyless /metrics for this machine is a convenience for development only.
    isLocalRequest: config.production ? undefined : client.isLocal,
    metricsToken: config.metricsToken,
    redirectOrigins: config.redirectOrigins,
    isDraining: () => draining,
    linkViews: demo.linkViews,
    wholeSite: true,
    webhookStats: webhooks && (() => webhooks.queue.stats()),
    apiReferenceScript: installedApiReferenceScript(),
  })
  demo.mount(app)
  // PUBLIC_URL may carry a path prefix (a proxy forwarding https://example.com/auth/… as it is).
  const site = siteAt(config.publicUrl, app)

  let draining = false
  const server = await listen(async (request, env) => {
    const response = await site.fetch(request, env)
    if (!draining) return response
    const closing = new Response(response.body, response)
    closing.headers.set('connection', 'close')
    return closing
  }, config).catch(async (error: unknown) => {
    await demo.close().catch((closeError: unknown) => logger.error({ event: 'start_cleanup_failed', error: String(closeError) }))
    if (webhooks) await saveOutbox(config, webhooks, logger)
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
      // Last: the slots' own closing may still report events. What is not delivered waits on disk.
      if (webhooks) await saveOutbox(config, webhooks, logger)
      logger.info({ event: 'stopped' })
    })())
  return { url, port, apiKey, links, slots, devOutbox: demo.devOutbox, stop }
}

/** The webhook outbox and the thread that delivers from it. */
interface Webhooks {
  readonly queue: WebhookQueue
  readonly delivery: WebhookDeliveryThread
}

/** Stops the webhook queue and keeps what it could not deliver for the next start; then ends the delivery thread. */
async function saveOutbox(config: ServerConfig, webhooks: Webhooks, logger: Logger): Promise<void> {
  // The queue first: it waits a little for attempts in flight, and hands back those still unsettled.
  const pending = await webhooks.queue.close()
  await webhooks.delivery.close()
  writeOutboxFile(config.dataDir, pending)
  if (pending.length > 0) logger.info({ event: 'webhook_outbox_saved', pending: pending.length })
}

function listen(fetch: (request: Request, env: unknown) => Response | Promise<Response>, config: ServerConfig) {
  const timeouts = { ...HTTP_TIMEOUTS, ...config.httpTimeouts }
  return new Promise<ServerType & { closeIdleConnections?(): void; closeAllConnections?(): void }>((resolve, reject) => {
    const server = serve(
      {
        fetch,
        port: config.port,
        hostname: config.host,
        serverOptions: {
          headersTimeout: timeouts.headersTimeoutMs,
          requestTimeout: timeouts.requestTimeoutMs,
          keepAliveTimeout: timeouts.keepAliveTimeoutMs,
          connectionsCheckingInterval: timeouts.checkIntervalMs,
        },
      },
      () => resolve(server),
    )
    server.once('error', reject)
  })
}
