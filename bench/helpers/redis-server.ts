/** A private redis-server from Debian's package, on loopback, for the Redis peer. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { launch, waitUntil, type Launched } from '../../scripts/lib/launch.ts'
import { startScratchServer, type ScratchServer } from './scratch-server.ts'

export type RedisServer = ScratchServer

export function findBinary(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined
  } catch {
    return undefined
  }
}

/** Starts redis-server, or says why it cannot (then the bench skips the Redis row). */
export async function startRedis(): Promise<RedisServer | string> {
  const binary = findBinary('redis-server')
  if (!binary) return 'redis-server is not installed (apt-get install redis-server)'
  const dir = mkdtempSync(join(tmpdir(), 'slotlink-bench-redis-'))
  return startScratchServer(dir, async (port) => {
    // No RDB or AOF: a token cache, and no fork for a background save in the middle of a window.
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no']
    // redis-server logs to stdout, and says there why it could not start (a port taken meanwhile).
    const launched: Launched = launch(binary, args, { tailStdout: true })
    const url = `redis://127.0.0.1:${port}`
    await waitUntil('redis-server', launched, async () => {
      const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2_000, commandTimeout: 2_000 })
      // Refused connections while redis-server starts are expected (waitUntil asks again); without a
      // listener ioredis prints each one as an unhandled error.
      client.on('error', () => {})
      try {
        await client.connect()
        return (await client.ping()) === 'PONG'
      } finally {
        client.disconnect()
      }
    })
    return { server: launched, url }
  })
}
