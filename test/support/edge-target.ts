import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unstable_startWorker } from 'wrangler'
import type { ContractTarget } from '../contract/api-contract.ts'
import { freePort } from './free-port.ts'
import { TEST_API_KEY } from './node-target.ts'

export interface EdgeTarget {
  readonly target: ContractTarget
  /** The SLOTLINK_KEYS the worker was started with, for tests that sign their own tokens. */
  readonly keys: string
  /** wrangler's local storage for this worker: Durable Objects under v3/do/, D1 under v3/d1/. */
  readonly persistDir: string
  stop(): Promise<void>
}

/**
 * The real worker (wrangler.toml, src/edge/worker.ts) on the local Workers runtime, workerd, through
 * wrangler's own dev server, on a free loopback port with its own storage directory. The secrets
 * are passed as bindings, so the developer's .dev.vars does not matter.
 *
 * @param vars bindings to add or override, e.g. `{ PUBLIC_URL: '' }`; a value of '' unsets one.
 */
export async function startEdgeTarget(vars: Record<string, string> = {}): Promise<EdgeTarget> {
  // Offline here and in CI: do not ask Cloudflare for a Request.cf object or send usage metrics.
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false'
  process.env.WRANGLER_SEND_METRICS ??= 'false'
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const keys = `edge1:${randomBytes(32).toString('base64url')}`
  const persistDir = mkdtempSync(join(tmpdir(), 'slotlink-edge-'))
  const secrets = { SLOTLINK_KEYS: keys, SLOTLINK_API_KEY: TEST_API_KEY, PUBLIC_URL: baseUrl, ...vars }
  const worker = await unstable_startWorker({
    config: 'wrangler.toml',
    bindings: Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, { type: 'secret_text', value }])),
    dev: { persist: persistDir, server: { hostname: '127.0.0.1', port }, inspector: false, watch: false, logLevel: 'error' },
  })
  await worker.ready
  return {
    target: { baseUrl, apiKey: TEST_API_KEY },
    keys,
    persistDir,
    async stop() {
      await worker.dispose()
      rmSync(persistDir, { recursive: true, force: true })
    },
  }
}
