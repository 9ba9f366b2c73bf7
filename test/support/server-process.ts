import { spawn, type ChildProcess } from 'node:child_process'
import { onFreePort } from '../../scripts/lib/launch.ts'

export interface ServerProcess {
  readonly baseUrl: string
  readonly port: number
  readonly child: ChildProcess
  /** Every line the process wrote to stdout and stderr so far. */
  readonly output: string[]
  /** Sends a signal and waits for the process to exit; resolves with its exit code (or signal). */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>
}

/**
 * Starts `npm start`'s entry (src/server/node/main.ts) as its own process and waits until it listens: on the
 * given port, or on a free one (another if that one is taken before the server binds it).
 */
export async function startServerProcess(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  return port === undefined ? onFreePort((free) => spawnServer(env, free)) : spawnServer(env, port)
}

async function spawnServer(env: Record<string, string>, port: number): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/node/main.ts'], {
    env: { ...process.env, NODE_ENV: 'test', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)))
  // 'close' comes once stdout and stderr are read to the end, so `output` then holds why it exited
  // (bounded: a helper process the server started could hold the pipes after it exits).
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()))
  const outputRead = () => Promise.race([closed, new Promise((r) => setTimeout(r, 1_000))])
  const collect = (stream: NodeJS.ReadableStream) => {
    let rest = ''
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n')
      rest = lines.pop()!
      output.push(...lines)
    })
    stream.on('end', () => rest && output.push(rest))
  }
  collect(child.stdout!)
  collect(child.stderr!)
  const deadline = Date.now() + 30_000
  while (!output.some((l) => l.includes('slotlink is listening'))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await outputRead()
      throw new Error(`server exited during start-up:\n${output.join('\n')}`)
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`server did not start in 30 s:\n${output.join('\n')}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    baseUrl: `http://localhost:${port}`,
    port,
    child,
    output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}
