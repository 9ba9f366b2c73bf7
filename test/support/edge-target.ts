import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Agent, fetch as undiciFetch } from 'undici'
import { unstable_startWorker } from 'wrangler'
import type { ContractTarget } from '../contract/api-contract.ts'
import { freePort } from '../../scripts/lib/launch.ts'
import { TEST_API_KEY } from './node-target.ts'
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts'

export interface EdgeTarget {
  readonly target: ContractTarget
  /** The SLOTLINK_KEYS the worker was started with, for tests that sign their own tokens. */
  readonly keys: string
  /** wrangler's local storage for this worker: Durable Objects under v3/do/, D1 under v3/d1/. */
  readonly persistDir: string
  /** Stops the worker and starts it again on the same port and storage: new isolates, same Durable Objects and D1. */
  restart(): Promise<void>
  stop(): Promise<void>
}

/**
 * Sockets the contract suite opens to wrangler's dev server at once. Past a few hundred at once it
 * resets connections ("Your worker restarted mid-request", ECONNRESET), which is the dev server's
 * limit and not the worker's; the suite's races still send every request at once, and the slot
 * objects still see dozens of them in flight together.
 */
const MAX_SOCKETS = 64

const WRANGLER = fileURLToPath(new URL('../../node_modules/.bin/wrangler', import.meta.url))
const WRANGLER_TOML = fileURLToPath(new URL('../../wrangler.toml', import.meta.url))

/**
 * The real worker (wrangler.toml, src/server/edge/worker.ts) on the local Workers runtime, workerd, through
 * wrangler's own dev server, on a free loopback port with its own storage directory, its D1
 * migrated by `wrangler d1 migrations apply` as `npm run edge:dev` does. Vars and secrets are
 * passed as bindings, so the developer's .dev.vars does not matter.
 *
 * @param vars bindings to add or override, e.g. `{ NODE_ENV: 'development' }`; '' means unset.
 * @param logLevel `log` lets the worker's console lines through (to this process's stdout), for tests that read them.
 * @param entrypoint another entry module with the same bindings, e.g. the metered test worker
 *   (edge-meter/metered-worker.ts); default: wrangler.toml's `main`.
 */
export async function startEdgeTarget(
  vars: Record<string, string> = {},
  { logLevel = 'error', entrypoint }: { logLevel?: 'error' | 'log'; entrypoint?: string } = {},
): Promise<EdgeTarget> {
  // Offline here and in CI: do not ask Cloudflare for a Request.cf object or send usage metrics.
  const offline = { CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' }
  Object.assign(process.env, offline)
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const keys = `edge1:${randomBytes(32).toString('base64url')}`
  const persistDir = mkdtempSync(join(tmpdir(), 'slotlink-edge-'))
  await promisify(execFile)(WRANGLER, ['d1', 'migrations', 'apply', 'DB', '--local', '--config', WRANGLER_TOML, '--persist-to', persistDir], {
    env: { ...process.env, CI: '1' },
  })

  const settings = { SLOTLINK_KEYS: keys, SLOTLINK_API_KEY: TEST_API_KEY, PUBLIC_URL: baseUrl, ...vars }
  const start = async () => {
    const started = await unstable_startWorker({
      config: WRANGLER_TOML,
      ...(entrypoint && { entrypoint }),
      bindings: Object.fromEntries(Object.entries(settings).map(([name, value]) => [name, { type: 'secret_text', value }])),
      dev: { persist: persistDir, server: { hostname: '127.0.0.1', port }, inspector: false, watch: false, logLevel },
    })
    await started.ready
    return started
  }
  let worker = await start()
  const agent = new Agent({ connections: MAX_SOCKETS })
  const fetch = (url: string, init?: RequestInit) => undiciFetch(url, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>
  return {
    target: { baseUrl, apiKey: TEST_API_KEY, fetch },
    keys,
    persistDir,
    async restart() {
      await worker.dispose()
      worker = await start()
    },
    async stop() {
      await agent.close()
      await worker.dispose()
      rmSync(persistDir, { recursive: true, force: true })
    },
  }
}

export interface EdgeTargetWithWebhooks {
  readonly edge: EdgeTarget
  readonly receiver: WebhookReceiver
  /** Stops the worker, then the receiver. */
  stop(): Promise<void>
}

/**
 * The worker with lifecycle webhooks on, each POSTed to a real receiver on loopback that verifies
 * it with `standardwebhooks`. The receiver is up before the worker starts, so the worker's first
 * event has somewhere to go. `vars` and the options are `startEdgeTarget`'s.
 */
export async function startEdgeTargetWithWebhooks(vars: Record<string, string> = {}, options?: Parameters<typeof startEdgeTarget>[1]): Promise<EdgeTargetWithWebhooks> {
  const receiver = await startWebhookReceiver()
  let edge: EdgeTarget
  try {
    edge = await startEdgeTarget({ SLOTLINK_WEBHOOK_URL: receiver.url, SLOTLINK_WEBHOOK_SECRET: receiver.secret, ...vars }, options)
  } catch (error) {
    await receiver.close()
    throw error
  }
  return {
    edge,
    receiver,
    async stop() {
      await edge.stop()
      await receiver.close()
    },
  }
}
