import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startServerProcess } from './support/server-process.ts'

const API_KEY = 'log-flush-key-0123456789abcdefghijklmnopqrstu'
const KEYS = 'k1:' + Buffer.alloc(32, 7).toString('base64url')

/**
 * The server writes its log without blocking (sonic-boom, `sync: false`), so lines can wait in a
 * buffer: a stop must still write every one, down to the last line before `process.exit`.
 */
describe('the Node server\'s log at SIGTERM', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'slotlink-log-flush-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('keeps every request line and the final "stopped" line when stopped right after a burst', async () => {
    const server = await startServerProcess({ SLOTLINK_API_KEY: API_KEY, SLOTLINK_KEYS: KEYS, SLOTLINK_DATA_DIR: dataDir, SLOTLINK_WORKERS: '1', NODE_ENV: 'production' })
    const burst = 400
    const answers = await Promise.all(
      Array.from({ length: burst }, (_, i) =>
        fetch(`${server.baseUrl}/api/links`, {
          method: 'POST',
          headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ purpose: 'reset_password', subject: `user-${i}` }),
        }).then(async (r) => (await r.arrayBuffer(), r.status)),
      ),
    )
    expect(answers.filter((s) => s === 201)).toHaveLength(burst)
    expect(await server.stop('SIGTERM')).toBe(0)
    // Give the pipe's last bytes time to arrive in `output` (the process has exited; bounded by a deadline, not a timing claim).
    const deadline = Date.now() + 5_000
    while (!server.output.some((l) => l.includes('"event":"stopped"')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    const events = server.output.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { event?: string; route?: string })
    expect(events.filter((e) => e.event === 'request' && e.route === '/api/links')).toHaveLength(burst)
    expect(events.at(-1)?.event).toBe('stopped')
  }, 120_000)
})
