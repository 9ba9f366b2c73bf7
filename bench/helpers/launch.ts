/** Starting and stopping the processes under test: each server in its own process, stopped by PID. */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

export interface Launched {
  readonly pid: number
  readonly child: ChildProcess
  /** The last lines the process wrote to stderr, for an error message. */
  stderrTail(): string
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>
}

/** A TCP port that was free a moment ago on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export function launch(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; uid?: number; gid?: number; cwd?: string } = {}): Launched {
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    uid: options.uid,
    gid: options.gid,
    // Request logs go to /dev/null: the server still formats and writes them, as in production,
    // but the load generator does not spend its CPU reading them.
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let tail = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-4000)
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  if (child.pid === undefined) throw new Error(`could not start ${command}`)
  return {
    pid: child.pid,
    child,
    stderrTail: () => tail,
    async stop(graceMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Polls `probe` until it resolves true, the process exits, or `timeoutMs` passes. */
export async function waitUntil(what: string, launched: Launched, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (launched.child.exitCode !== null) throw new Error(`${what} exited during start-up:\n${launched.stderrTail()}`)
    if (await probe().catch(() => false)) return
    await sleep(100)
  }
  await launched.stop()
  throw new Error(`${what} did not become ready in ${timeoutMs / 1000} s:\n${launched.stderrTail()}`)
}

/** Whether GET url answers 200. */
export async function answers(url: string): Promise<boolean> {
  const response = await fetch(url)
  await response.arrayBuffer()
  return response.ok
}
