import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { startServerProcess } from './support/server-process.ts'

it('`npm start` names the demo app and, with the dev outbox on, the outbox, as plain terminal lines that answer', { timeout: 60_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'slotlink-startup-'))
  const server = await startServerProcess({ SLOTLINK_DATA_DIR: dataDir, SLOTLINK_WORKERS: '1' })
  try {
    // Written just after the "listening" line the helper waits for: poll for them with a deadline.
    const deadline = Date.now() + 10_000
    const lineFor = (label: string) => server.output.find((l) => l.trimStart().startsWith(label))
    while (!(lineFor('demo app:') && lineFor('dev outbox:')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    const demo = lineFor('demo app:')
    const outbox = lineFor('dev outbox:')
    expect(demo).toBe(`  demo app:   ${server.baseUrl}/`)
    expect(outbox).toBe(`  dev outbox: ${server.baseUrl}/dev/outbox`)
    const welcome = await fetch(`${server.baseUrl}/`)
    expect(welcome.status).toBe(200)
    expect(await welcome.text()).toContain('<title>Welcome</title>')
    expect((await fetch(`${server.baseUrl}/dev/outbox`)).status).toBe(200)
  } finally {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
