import { spawn, type ChildProcess } from 'node:child_process'
import { freePort } from '../../bench/helpers/launch.ts'

export interface ServerProcess {
  readonly baseUrl: string
  readonly port: number
  readonly child: ChildProcess
  /** Every line the process wrote to stdout and stderr so far. */
  readonly output: string[]
  /** Sends a signal and waits for the process to exit; resolves with its exit code (or signal). */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>
}

/** Starts `npm start`'s entry (src/server.ts) as its own process and waits until it listens. */
export async function startServerProcess(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  port ??= await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, NODE_ENV: 'test', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)))
  const collect = (stream: NodeJS.ReadableStream) => {
    let rest = ''
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n')
      rest = lines.pop()!
      output.push(...lines)
    })
  }
  collect(child.stdout!)
  collect(child.stderr!)
  const deadline = Date.now() + 30_000
  while (!output.some((l) => l.includes('slotlink is listening'))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output.join('\n')}`)
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
