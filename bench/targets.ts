/** The servers under test: how each is started, where it listens, and which processes are its. */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { setPriority, tmpdir } from 'node:os'
import { join } from 'node:path'
import { answers, launch, onFreePort, waitUntil } from '../scripts/lib/launch.ts'
import { startPostgres } from './helpers/postgres-server.ts'
import { startRedis } from './helpers/redis-server.ts'
import { busyMicros, type ServerName } from './options.ts'

export interface Target {
  readonly name: string
  readonly url: string
  readonly apiKey: string
  /** The server process and its helpers (redis-server, the postmaster), whose CPU is counted. */
  readonly pids: readonly number[]
  /** Extra connection strings for memory measurements. */
  readonly storeUrl?: string
  /** Lifecycle webhooks are on: each phase waits for its outbox to drain (bench/helpers/webhook-drain.ts). */
  readonly webhooks?: boolean
  stop(): Promise<void>
}

const API_KEY = randomBytes(32).toString('base64url')
/** The webhook sink's priority: the lowest, as the server's own delivery thread's. */
const SINK_NICE = 19
const SIGNING_KEYS = `bench:${randomBytes(32).toString('base64url')}`
// BENCH_CPU_PROF=<dir>: each server under test writes a V8 CPU profile there when it stops.
const TSX = [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), '--import', 'tsx']

async function nodeServer(name: string, args: string[], env: NodeJS.ProcessEnv, helper?: { pid: number; url: string; stop(): Promise<void> }): Promise<Target> {
  const started = onFreePort(async (port) => {
    const url = `http://127.0.0.1:${port}`
    const server = launch(process.execPath, [...TSX, ...args], {
      env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), SLOTLINK_API_KEY: API_KEY, ...env },
    })
    await waitUntil(name, server, () => readyAndOurs(url), 15 * 60_000)
    return { server, url }
  })
  const { server, url } = await started.catch(async (error: unknown) => {
    await helper?.stop()
    throw error
  })
  return {
    name,
    url,
    apiKey: API_KEY,
    pids: helper ? [server.pid, helper.pid] : [server.pid],
    storeUrl: helper?.url,
    async stop() {
      await server.stop()
      await helper?.stop()
    },
  }
}

/**
 * Whether the server at `url` is up and is the one just started: its API refuses another key and
 * takes this run's. Until it binds its port, another process's server could hold that port and
 * answer /healthz too.
 */
async function readyAndOurs(url: string): Promise<boolean> {
  if (!(await answers(`${url}/healthz`))) return false
  const status = async (key: string) => {
    const response = await fetch(`${url}/api/links/-`, { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(5_000) })
    await response.arrayBuffer()
    return response.status
  }
  return (await status(`not-${API_KEY}`)) === 401 && (await status(API_KEY)) !== 401
}

/** Starts a server under test, or returns why it cannot run here. */
export async function startTarget(name: ServerName): Promise<Target | string> {
  const busy = busyMicros(name)
  if (busy !== undefined) return nodeServer(name, ['bench/servers/peer-server.ts', 'ceiling-busy'], { BENCH_BUSY_MICROS: String(busy) })
  switch (name) {
    case 'slotlink':
      return startSlotlink('slotlink')
    case 'ceiling':
    case 'ceiling-refusing':
      return nodeServer(name, ['bench/servers/peer-server.ts', name], {})
    case 'redis': {
      const redis = await startRedis()
      if (typeof redis === 'string') return redis
      return nodeServer('redis', ['bench/servers/peer-server.ts', 'redis'], { REDIS_URL: redis.url }, redis)
    }
    case 'lean-ceiling':
    case 'lean-safe':
    case 'lean-safe-plain':
      return nodeServer(name, ['bench/servers/lean-server.ts', name], {})
    case 'lean-redis': {
      const redis = await startRedis()
      if (typeof redis === 'string') return redis
      return nodeServer(name, ['bench/servers/lean-server.ts', name], { REDIS_URL: redis.url }, redis)
    }
    case 'postgres': {
      const pg = await startPostgres()
      if (typeof pg === 'string') return pg
      return nodeServer('postgres', ['bench/servers/peer-server.ts', 'postgres'], { DATABASE_URL: pg.url }, pg)
    }
    case 'slotlink-webhooks': {
      // As 'slotlink', with every lifecycle event POSTed to a sink process (its CPU not counted as the server's).
      const sink = await onFreePort(async (port) => {
        const launched = launch(process.execPath, [...TSX, 'bench/servers/webhook-sink.ts'], { env: { ...process.env, PORT: String(port) } })
        // The sink stands for a receiver on another machine: at nice 19 it takes only what the server
        // and the load generator leave, rather than a third of two cores from the window measured.
        setPriority(launched.pid, SINK_NICE)
        await waitUntil('webhook sink', launched, () => answers(`http://127.0.0.1:${port}/healthz`))
        return { launched, url: `http://127.0.0.1:${port}/hooks` }
      })
      const dataDir = mkdtempSync(join(tmpdir(), 'slotlink-bench-data-'))
      const secret = `whsec_${randomBytes(32).toString('base64')}`
      const target = await nodeServer(name, ['src/server/node/main.ts'], { SLOTLINK_KEYS: SIGNING_KEYS, SLOTLINK_DATA_DIR: dataDir, SLOTLINK_WEBHOOK_URL: sink.url, SLOTLINK_WEBHOOK_SECRET: secret }).catch(async (error: unknown) => {
        await sink.launched.stop()
        throw error
      })
      return { ...target, webhooks: true, stop: async () => (await target.stop(), await sink.launched.stop(), rmSync(dataDir, { recursive: true, force: true })) }
    }
    case 'slotlink-mac':
      return nodeServer(name, ['bench/servers/slotlink-mac-bound.ts', 'mac'], { SLOTLINK_KEYS: SIGNING_KEYS })
    case 'slotlink-no-mac':
      return nodeServer(name, ['bench/servers/slotlink-mac-bound.ts', 'no-mac'], { SLOTLINK_KEYS: SIGNING_KEYS })
    default:
      return `unknown server ${name}`
  }
}

/**
 * slotlink as shipped: `npm start`'s entry, NODE_ENV=production, a signing key and a private data
 * directory. `entry` may be another checkout's main.ts, or the compiled dist/src/server/node/main.js
 * (BENCH_SLOTLINK_ENTRY sets the default), to set two versions side by side (bench/ab.ts).
 */
export async function startSlotlink(name: string, entry = process.env.BENCH_SLOTLINK_ENTRY ?? 'src/server/node/main.ts'): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'slotlink-bench-data-'))
  const target = await nodeServer(name, [entry], { SLOTLINK_KEYS: SIGNING_KEYS, SLOTLINK_DATA_DIR: dataDir })
  return { ...target, stop: async () => (await target.stop(), rmSync(dataDir, { recursive: true, force: true })) }
}

/** slotlink (library entry) with `prefill` links already open, for the growth rows. */
export function startPrefilled(prefill: number): Promise<Target> {
  return nodeServer(`slotlink, ${prefill} open`, ['bench/servers/slotlink-prefilled.ts'], { SLOTLINK_KEYS: SIGNING_KEYS, BENCH_PREFILL: String(prefill) })
}
