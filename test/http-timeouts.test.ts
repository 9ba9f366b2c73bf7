import { mkdtempSync, rmSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { onFreePort } from '../scripts/lib/launch.ts'
import { loadConfig } from '../src/server/node/config.ts'
import { startServer, type RunningServer } from '../src/server/node/start-server.ts'
import { captureLogger, TEST_API_KEY } from './support/node-target.ts'

/**
 * The listener's timeouts, shortened so the test need not wait for the real ones (seconds, not
 * minutes); the code path is the one `npm start` runs. Deadlines are generous: nothing here asserts speed.
 */
const SHORT = { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000, keepAliveTimeoutMs: 1_000, checkIntervalMs: 250 }

let dataDir: string
let server: RunningServer
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'slotlink-timeouts-'))
  server = await onFreePort((port) =>
    startServer({ ...loadConfig({ PORT: String(port), SLOTLINK_API_KEY: TEST_API_KEY, SLOTLINK_DATA_DIR: dataDir, SLOTLINK_WORKERS: '1' }), httpTimeouts: SHORT }, captureLogger()),
  )
})
afterAll(async () => {
  await server?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

const open = () =>
  new Promise<Socket>((resolve, reject) => {
    // Reading, as a client would: a paused socket would not notice the server's 408 and close.
    const socket = connect(server.port, '127.0.0.1', () => resolve(socket)).resume()
    socket.once('error', reject)
  })
const closedWithin = (socket: Socket, ms: number) =>
  new Promise<boolean>((resolve) => {
    if (socket.destroyed) return resolve(true)
    const timer = setTimeout(() => resolve(false), ms)
    socket.once('close', () => {
      clearTimeout(timer)
      resolve(true)
    })
  })

describe('the Node listener under idle and slow clients', () => {
  it('keeps serving while 500 idle connections are open, and closes them itself', async () => {
    const idle = await Promise.all(Array.from({ length: 500 }, open))
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/healthz`, { signal: AbortSignal.timeout(20_000) })
      expect(res.status).toBe(200)
      const closed = await Promise.all(idle.map((s) => closedWithin(s, 30_000)))
      expect(closed.filter((c) => !c).length, 'idle connections the server left open').toBe(0)
    } finally {
      for (const s of idle) s.destroy()
    }
  }, 60_000)

  it('ends a connection that drips its headers or its body', async () => {
    const headers = await open()
    const body = await open()
    const answers: string[] = []
    body.on('data', (chunk) => answers.push(String(chunk)))
    headers.write('GET /healthz HTTP/1.1\r\nHost: x\r\n')
    body.write(`POST /api/links HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TEST_API_KEY}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{`)
    const drip = setInterval(() => {
      if (!headers.destroyed) headers.write('X-Slow: 1\r\n')
      if (!body.destroyed) body.write(' ')
    }, 200)
    try {
      expect(await closedWithin(headers, 30_000), 'drip-fed headers still open').toBe(true)
      expect(await closedWithin(body, 30_000), 'drip-fed body still open').toBe(true)
      expect(answers.join('')).toMatch(/^HTTP\/1\.1 408/)
    } finally {
      clearInterval(drip)
      headers.destroy()
      body.destroy()
    }
  }, 60_000)
})
