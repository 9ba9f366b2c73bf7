import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { startServerProcess } from './support/server-process.ts'

it('prints a generated API key once, as a plain terminal line, never inside a JSON log line', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'slotlink-devkey-'))
  const server = await startServerProcess({ SLOTLINK_API_KEY: '', SLOTLINK_DATA_DIR: dataDir, SLOTLINK_WORKERS: '1' })
  try {
    const line = server.output.find((l) => l.includes("this boot's API key is"))!
    const key = /: (\S+)$/.exec(line)![1]!
    expect(key.length).toBeGreaterThanOrEqual(32)
    expect(line.startsWith('{')).toBe(false)
    expect(server.output.filter((l) => l.includes(key))).toEqual([line])
    const res = await fetch(`${server.baseUrl}/api/links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ purpose: 'p', subject: 's' }),
    })
    expect(res.status).toBe(201)
  } finally {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
