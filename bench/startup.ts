/**
 * Start-up time: from spawning the compiled server (`node dist/src/server/node/main.js`, as
 * `npm start` runs it, NODE_ENV=production, a signing key, a fresh data directory) to the first
 * request it answers: a `/healthz` 200 and then a mint's 201 (the slot workers are up before the
 * server listens, so the first mint needs no more than the first answer). Bare `node -e ''` is
 * measured beside it, for what Node itself takes here.
 *
 *   node --import tsx bench/startup.ts [--runs=5]      (after `npm run build`)
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort } from '../scripts/lib/launch.ts'

export const COMPILED_ENTRY = 'dist/src/server/node/main.js'

export interface StartupTimes {
  /** Milliseconds from spawn to the first /healthz 200. */
  readonly firstAnswerMs: number
  /** Milliseconds from spawn to the first mint's 201. */
  readonly firstMintMs: number
}

/** How often the server is asked whether it is up: often enough to be within a few ms of it. */
const POLL_MS = 2

/** One start of `node <args>` as the slotlink server, timed to its first answers, then stopped. */
export async function timeStartup(args: readonly string[]): Promise<StartupTimes> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'slotlink-startup-'))
  const apiKey = randomBytes(32).toString('base64url')
  const url = `http://127.0.0.1:${port}`
  const started = performance.now()
  const child = spawn(process.execPath, args, {
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), SLOTLINK_API_KEY: apiKey, SLOTLINK_KEYS: `bench:${randomBytes(32).toString('base64url')}`, SLOTLINK_DATA_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    const deadline = Date.now() + 120_000
    let firstAnswerMs: number | undefined
    while (firstAnswerMs === undefined) {
      if (child.exitCode !== null) throw new Error(`server exited during start-up:\n${stderr}`)
      if (Date.now() > deadline) throw new Error(`server did not answer within 120 s:\n${stderr}`)
      const ok = await fetch(`${url}/healthz`).then(async (r) => (await r.arrayBuffer(), r.ok), () => false)
      if (ok) firstAnswerMs = performance.now() - started
      else await sleep(POLL_MS)
    }
    const minted = await fetch(`${url}/api/links`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ purpose: 'reset_password', subject: 'user-1' }) })
    await minted.arrayBuffer()
    if (minted.status !== 201) throw new Error(`the first mint answered ${minted.status}`)
    return { firstAnswerMs, firstMintMs: performance.now() - started }
  } finally {
    child.kill('SIGTERM')
    await exited
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Milliseconds for bare `node -e ''` to start and exit. */
export async function timeBareNode(): Promise<number> {
  const started = performance.now()
  await new Promise<void>((resolve, reject) => spawn(process.execPath, ['-e', ''], { stdio: 'ignore' }).once('exit', () => resolve()).once('error', reject))
  return performance.now() - started
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

export interface StartupResult {
  readonly runs: number
  readonly firstAnswerMs: number
  readonly firstMintMs: number
  readonly bareNodeMs: number
}

/** The median of `runs` starts of `args` (default: the compiled entry), one after another. */
export async function measureStartup(runs: number, args: readonly string[] = [COMPILED_ENTRY]): Promise<StartupResult> {
  const times: StartupTimes[] = []
  const bare: number[] = []
  for (let i = 0; i < runs; i++) {
    bare.push(await timeBareNode())
    times.push(await timeStartup(args))
  }
  return { runs, firstAnswerMs: median(times.map((t) => t.firstAnswerMs)), firstMintMs: median(times.map((t) => t.firstMintMs)), bareNodeMs: median(bare) }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = Number(/^--runs=(\d+)$/.exec(process.argv[2] ?? '')?.[1] ?? 5)
  if (!existsSync(COMPILED_ENTRY)) throw new Error(`${COMPILED_ENTRY} is missing: run npm run build first`)
  const result = await measureStartup(runs)
  process.stdout.write(`start-up, compiled (node ${COMPILED_ENTRY}), median of ${runs}: first answer ${result.firstAnswerMs.toFixed(0)} ms, first mint ${result.firstMintMs.toFixed(0)} ms; bare node -e '' ${result.bareNodeMs.toFixed(0)} ms\n`)
}
