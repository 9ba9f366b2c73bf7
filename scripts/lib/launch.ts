/** Starting and stopping the processes under test: each server in its own process, stopped by PID. */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

export interface Launched {
  readonly pid: number
  readonly child: ChildProcess
  /** The last lines the process wrote to stderr (and stdout, with `tailStdout`), for an error message. */
  outputTail(): string
  /** Resolves once the process has exited. */
  readonly exited: Promise<void>
  /** Resolves once the process has exited and all it wrote has been read (later, if a child of its holds the pipes). */
  readonly closed: Promise<void>
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>
}

/**
 * A TCP port that was free a moment ago on loopback. Another process may take it before the caller
 * binds it (this probe must close first): start servers through `onFreePort`, which tries again.
 */
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

/** Whether a start failed because its port was taken: Node's, slotlink's, redis-server's and postgres's words for it. */
export function isAddressInUse(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const text = error instanceof Error ? error.message : String(error)
  return code === 'EADDRINUSE' || /EADDRINUSE|address (is )?already in use/i.test(text)
}

/**
 * Starts something on a free port, and again on another if that port was taken between `freePort`
 * and the bind (parallel test files each start servers, so two can be handed the same port).
 * Any other failure is the caller's at once.
 *
 * @param start binds `port` (itself or through a child process) and rejects if it cannot
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, { attempts = 3, pickPort = freePort } = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await pickPort())
    } catch (error) {
      if (attempt >= attempts || !isAddressInUse(error)) throw error
    }
  }
}

export interface LaunchOptions {
  env?: NodeJS.ProcessEnv
  uid?: number
  gid?: number
  cwd?: string
  /** Keep stdout with stderr's tail too: for a process that says why it failed there (redis-server). */
  tailStdout?: boolean
}

export function launch(command: string, args: readonly string[], options: LaunchOptions = {}): Launched {
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    uid: options.uid,
    gid: options.gid,
    // Request logs go to /dev/null: the server still formats and writes them, as in production,
    // but the load generator does not spend its CPU reading them.
    stdio: ['ignore', options.tailStdout ? 'pipe' : 'ignore', 'pipe'],
  })
  let tail = ''
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8').on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-4000)
    })
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()))
  if (child.pid === undefined) throw new Error(`could not start ${command}`)
  return {
    pid: child.pid,
    child,
    outputTail: () => tail,
    exited,
    closed,
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
    if (launched.child.exitCode !== null || launched.child.signalCode !== null) {
      // 'exit' can come before the last of the output, which holds the reason (e.g. the port was
      // taken); a child of the process still holding the pipes must not hang the wait, though.
      await Promise.race([launched.closed, sleep(1_000)])
      throw new Error(`${what} exited during start-up:\n${launched.outputTail()}`)
    }
    // A probe can hang on a port someone else holds, so the process's exit also ends the wait.
    if (await Promise.race([probe().catch(() => false), launched.exited.then(() => false)])) return
    await sleep(100)
  }
  await launched.stop()
  throw new Error(`${what} did not become ready in ${timeoutMs / 1000} s:\n${launched.outputTail()}`)
}

/** Whether GET url answers 200 (within 5 s: a port can be held by something that never answers). */
export async function answers(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) })
  await response.arrayBuffer()
  return response.ok
}
