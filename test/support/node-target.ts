import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../src/server/node/config.ts'
import { startServer, type RunningServer } from '../../src/server/node/start-server.ts'
import type { Logger } from '../../src/core/logger.ts'
import { onFreePort } from '../../scripts/lib/launch.ts'
import type { ContractTarget } from '../contract/api-contract.ts'

export const TEST_API_KEY = 'test-api-key-0123456789abcdefghijklmnopqrstuv'

/** Captures log lines as JSON text, so tests can assert what is (not) logged. */
export function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  const write = (level: string) => (fields: Record<string, unknown>, message?: string) => {
    lines.push(JSON.stringify({ level, ...fields, msg: message }))
  }
  return { lines, info: write('info'), warn: write('warn'), error: write('error') }
}

/** A real Node server on a free loopback port, with its own data directory. */
export async function startNodeTarget(env: Record<string, string> = {}, logger: Logger = captureLogger()) {
  const dataDir = mkdtempSync(join(tmpdir(), 'slotlink-test-'))
  const server: RunningServer = await onFreePort((port) =>
    startServer(loadConfig({ PORT: String(port), SLOTLINK_API_KEY: TEST_API_KEY, SLOTLINK_DATA_DIR: dataDir, SLOTLINK_WORKERS: '2', ...env }), logger),
  )
  const target: ContractTarget = { baseUrl: `http://localhost:${server.port}`, apiKey: TEST_API_KEY }
  return {
    server,
    target,
    dataDir,
    async stop() {
      await server.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
