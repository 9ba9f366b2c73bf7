import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createSlotlink, type Slotlink } from '../src/node/index.ts'

const KEYS = 'k1:' + Buffer.alloc(32, 7).toString('base64url')
const LINKS = 1000

let dir: string | undefined
const open: Slotlink[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function start(snapshotDir: string): Promise<Slotlink> {
  const slotlink = await createSlotlink({ keys: KEYS, slots: { threads: 2, snapshotDir } })
  open.push(slotlink)
  return slotlink
}

describe('close() with snapshots on', () => {
  it(`finishes ${LINKS} in-flight consumes before it snapshots: across the restart every link is used exactly once`, async () => {
    dir = mkdtempSync(join(tmpdir(), 'slotlink-close-'))
    const first = await start(dir)
    const tokens: string[] = []
    for (let i = 0; i < LINKS; i++) {
      const issued = await first.issue({ purpose: 'reset_password', subject: `user-${i}`, ttl: 600 })
      if (!issued.ok) throw new Error(issued.reason)
      tokens.push(issued.token)
    }
    // Every link is being consumed when close() is called: none of them has an answer yet.
    const inFlight = tokens.map((token) => first.consume(token, { purpose: 'reset_password' }))
    const closed = first.close()
    // Work that arrives after close() began is turned away, not half done.
    expect(await first.issue({ purpose: 'reset_password', subject: 'late' })).toEqual({ ok: false, reason: 'capacity' })
    const before = await Promise.all(inFlight)
    await closed

    const second = await start(dir)
    const after = await Promise.all(tokens.map((token) => second.consume(token, { purpose: 'reset_password' })))
    const uses = tokens.map((_, i) => Number(before[i]!.ok) + Number(after[i]!.ok))
    expect(uses.filter((n) => n > 1)).toEqual([])
    // In-flight work is finished, not dropped: each link was used (before the close or after it).
    expect(uses.filter((n) => n === 0)).toEqual([])
  })

  it('keeps the links nobody used during the close, for the next start, once each', async () => {
    dir = mkdtempSync(join(tmpdir(), 'slotlink-close-'))
    const first = await start(dir)
    const tokens: string[] = []
    for (let i = 0; i < 200; i++) {
      const issued = await first.issue({ purpose: 'confirm_email', subject: `user-${i}` })
      if (issued.ok) tokens.push(issued.token)
    }
    const half = tokens.slice(0, 100).map((token) => first.consume(token))
    await first.close()
    const consumedBefore = (await Promise.all(half)).filter((r) => r.ok).length
    const second = await start(dir)
    const rest = await Promise.all(tokens.map((token) => second.consume(token)))
    expect(consumedBefore).toBe(100)
    expect(rest.slice(0, 100).filter((r) => r.ok)).toEqual([])
    expect(rest.slice(100).filter((r) => r.ok).length).toBe(100)
  })
})
