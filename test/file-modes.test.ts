import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { captureLogger, startNodeTarget } from './support/node-target.ts'

const KEYS = 'k1:' + Buffer.alloc(32, 9).toString('base64url')
const mode = (path: string) => statSync(path).mode & 0o777

let root: string
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('file modes of what the Node server keeps', () => {
  it('creates the data directory 0700 and the database 0600, and the snapshot folder 0700 at stop', async () => {
    root = mkdtempSync(join(tmpdir(), 'slotlink-modes-'))
    const dataDir = join(root, 'data')
    const node = await startNodeTarget({ SLOTLINK_DATA_DIR: dataDir, SLOTLINK_KEYS: KEYS })
    try {
      expect(mode(dataDir).toString(8)).toBe('700')
      expect(mode(join(dataDir, 'slotlink.db')).toString(8)).toBe('600')
      const res = await fetch(`${node.target.baseUrl}/api/links`, {
        method: 'POST',
        headers: { authorization: `Bearer ${node.target.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ purpose: 'p', subject: 's' }),
      })
      expect(res.status).toBe(201)
    } finally {
      await node.server.stop()
    }
    expect(mode(join(dataDir, 'slots')).toString(8)).toBe('700')
  })

  it('tightens an existing data directory and database file that others could read, and says so', async () => {
    root = mkdtempSync(join(tmpdir(), 'slotlink-modes-'))
    const dataDir = join(root, 'data')
    mkdirSync(dataDir, { mode: 0o755 })
    chmodSync(dataDir, 0o755)
    const first = await startNodeTarget({ SLOTLINK_DATA_DIR: dataDir })
    await first.server.stop()
    chmodSync(join(dataDir, 'slotlink.db'), 0o644)
    chmodSync(dataDir, 0o755)
    const logger = captureLogger()
    const node = await startNodeTarget({ SLOTLINK_DATA_DIR: dataDir }, logger)
    try {
      expect(logger.lines.filter((l) => l.includes('"event":"private_mode_tightened"'))).toHaveLength(2)
      expect(mode(dataDir).toString(8)).toBe('700')
      expect(mode(join(dataDir, 'slotlink.db')).toString(8)).toBe('600')
    } finally {
      await node.server.stop()
    }
  })
})
