/** What the bench's private database servers (Postgres, Redis) share: a process on a free loopback port that owns a scratch directory. */
import { rmSync } from 'node:fs'
import { onFreePort, type Launched } from '../../scripts/lib/launch.ts'

export interface ScratchServer {
  readonly url: string
  readonly pid: number
  stop(): Promise<void>
}

/**
 * Starts a server with `launchOn` (retried on another port if the one picked was taken meanwhile)
 * and gives `dir` to it: the directory is removed when the server stops, or at once if it never
 * starts. `beforeStop` may ask the process to shut down its own way before the SIGTERM of `stop()`.
 */
export async function startScratchServer(
  dir: string,
  launchOn: (port: number) => Promise<{ server: Launched; url: string }>,
  beforeStop: (server: Launched) => void = () => {},
): Promise<ScratchServer> {
  const { server, url } = await onFreePort(launchOn).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true })
    throw error
  })
  return {
    url,
    pid: server.pid,
    async stop() {
      beforeStop(server)
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
