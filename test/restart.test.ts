import { readdirSync, writeFileSync, readFileSync, mkdtempSync, rmSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startServerProcess, type ServerProcess } from './support/server-process.ts'

const API_KEY = 'restart-test-key-0123456789abcdefghijklmnop'
const KEYS = 'k1:' + Buffer.alloc(32, 5).toString('base64url')

let dataDir: string
let running: ServerProcess | undefined
afterEach(async () => {
  await running?.stop('SIGKILL')
  running = undefined
  rmSync(dataDir, { recursive: true, force: true })
})

async function start(extra: Record<string, string> = {}, port?: number) {
  running = await startServerProcess({ SLOTLINK_API_KEY: API_KEY, SLOTLINK_KEYS: KEYS, SLOTLINK_DATA_DIR: dataDir, SLOTLINK_WORKERS: '2', ...extra }, port)
  return running
}
const call = (server: ServerProcess, path: string, body?: unknown) =>
  fetch(server.baseUrl + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
async function mintLink(server: ServerProcess, subject: string, ttl = 600) {
  const res = await call(server, '/api/links', { purpose: 'reset_password', subject, ttl })
  expect(res.status).toBe(201)
  return (await res.json()) as { token: string; expiresAt: string }
}
const mint = async (server: ServerProcess, subject: string, ttl = 600) => (await mintLink(server, subject, ttl)).token
const consume = (server: ServerProcess, token: string) => call(server, '/api/links/consume', { token }).then((r) => r.status)
const snapshotFiles = () => {
  try {
    return readdirSync(join(dataDir, 'slots'))
  } catch {
    return []
  }
}

describe('restarts (Node)', () => {
  it('keeps open links across a graceful restart, each still usable once', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'slotlink-restart-'))
    let server = await start()
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => mint(server, `user-${i}`)))
    expect(await consume(server, tokens[0]!)).toBe(200)
    expect(await server.stop('SIGTERM')).toBe(0)
    expect(snapshotFiles().length).toBeGreaterThan(0)

    server = await start()
    // Read once and removed before the first request was served.
    expect(snapshotFiles()).toEqual([])
    expect(await consume(server, tokens[0]!)).toBe(410) // used before the restart stays used
    for (const token of tokens.slice(1)) expect(await consume(server, token)).toBe(200)
    for (const token of tokens.slice(1)) expect(await consume(server, token)).toBe(410)
  })

  /** A fresh data directory whose snapshot holds one open link, left by a graceful stop; its token. */
  async function snapshotWithOneLink(subject: string): Promise<string> {
    dataDir = mkdtempSync(join(tmpdir(), 'slotlink-restart-'))
    const server = await start()
    const token = await mint(server, subject)
    await server.stop('SIGTERM')
    return token
  }

  it('keeps its snapshot, and says why in one line, when it cannot listen because its port is taken', async () => {
    const token = await snapshotWithOneLink('user-port-taken')
    const holder = createServer()
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
    const heldPort = (holder.address() as AddressInfo).port
    try {
      const error: Error = await start({}, heldPort).then(() => expect.unreachable('started on a taken port'), (e: Error) => e)
      expect(error.message).toContain(`slotlink: cannot listen on 127.0.0.1:${heldPort}: the address is already in use (set PORT)`)
      expect(error.message).not.toMatch(/^\s+at /m) // one line, not a stack trace
    } finally {
      holder.close()
    }
    // The failed start had adopted the snapshot; it wrote it back before exiting.
    expect(snapshotFiles().length).toBeGreaterThan(0)
    expect(await consume(await start(), token)).toBe(200)
  })

  it('keeps its snapshot when a start fails after the workers adopted it (the database cannot open)', async () => {
    const token = await snapshotWithOneLink('user-bad-database')
    // A directory where the demo's SQLite file should be: the start fails after the slot workers are up.
    await expect(start({ DATABASE_PATH: dataDir })).rejects.toThrow(/exited during start-up/)
    expect(snapshotFiles().length).toBeGreaterThan(0)
    expect(await consume(await start(), token)).toBe(200)
  })

  it('never brings back a link used after a restore, even after a crash', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'slotlink-restart-'))
    let server = await start()
    const token = await mint(server, 'user-crash')
    const other = await mint(server, 'user-crash-2')
    await server.stop('SIGTERM')
    server = await start()
    expect(await consume(server, token)).toBe(200)
    await server.stop('SIGKILL')
    server = await start()
    expect(await consume(server, token)).toBe(410)
    // A crash may lose open links: that is the documented price of having no database.
    expect(await consume(server, other)).toBe(410)
  })

  it('drops expired entries from a snapshot', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'slotlink-restart-'))
    let server = await start()
    // The short link must still be open when the stop writes the snapshot, which comes after up to
    // a second of draining (the test's own kept-alive connection holds it that long): with a TTL of
    // 1 s it had expired by then about 1 run in 20, and the snapshot no longer held it. With 3 s it
    // is in the snapshot; the restart then waits until it has expired.
    const short = await mintLink(server, 'user-short', 3)
    const long = await mint(server, 'user-long', 600)
    await server.stop('SIGTERM')
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(short.expiresAt) - Date.now()) + 200))
    server = await start()
    expect(server.output.join('\n')).toMatch(/"event":"snapshot_restored".*"droppedExpired":1/)
    expect(await call(server, '/metrics').then((r) => r.text())).toMatch(/^slotlink_open_slots 1$/m)
    expect(await consume(server, short.token)).toBe(410)
    expect(await consume(server, long)).toBe(200)
  })

  it.each([
    ['corrupt', (text: string) => text.replace(/"subject"|user-c/, 'user-X')],
    ['truncated', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['from another version', (text: string) => text.replace(/"version":\d+/, '"version":99')],
    ['garbage', () => '\u0000\u0001not a snapshot at all'],
  ])('starts empty with one clear log line when a snapshot is %s', async (_, damage) => {
    dataDir = mkdtempSync(join(tmpdir(), 'slotlink-restart-'))
    let server = await start()
    const token = await mint(server, 'user-c')
    await server.stop('SIGTERM')
    for (const name of snapshotFiles()) {
      const path = join(dataDir, 'slots', name)
      writeFileSync(path, damage(readFileSync(path, 'utf8')))
    }
    server = await start()
    const refused = server.output.filter((l) => l.includes('"event":"snapshot_refused"'))
    expect(refused.length).toBeGreaterThanOrEqual(1)
    expect(snapshotFiles()).toEqual([])
    expect(await consume(server, token)).toBe(410)
    // And the service works.
    expect(await consume(server, await mint(server, 'user-new'))).toBe(200)
  })

  it('still writes its snapshot when more signals arrive during the stop (5 of 5 runs)', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'slotlink-restart-'))
    const tokens: string[] = []
    // Five runs: each costs ~4 s of a CI run with a 20-minute budget.
    for (let run = 0; run < 5; run++) {
      const server = await start()
      const token = await mint(server, `user-signals-${run}`)
      server.child.kill('SIGTERM')
      // The second signal lands while the stop is under way (it drains for up to a second, and this
      // test's kept-alive connection holds it open), as Ctrl-C on a process group or an impatient
      // supervisor would send it: waiting for the "stopping" line makes that so on any machine.
      for (const deadline = Date.now() + 10_000; !server.output.some((l) => l.includes('"event":"stopping"')) && Date.now() < deadline; ) {
        await new Promise((r) => setTimeout(r, 10))
      }
      server.child.kill('SIGINT')
      server.child.kill('SIGTERM')
      expect(await server.stop(), `run ${run}`).toBe(0)
      expect(snapshotFiles().length, `run ${run}: the snapshot was written`).toBeGreaterThan(0)
      tokens.push(token)
    }
    // The next start adopts the last snapshot; each run's own link is in it (it re-adopted the one before).
    const restarted = await start()
    for (const token of tokens) expect(await consume(restarted, token)).toBe(200)
  }, 180_000)

  it('refuses a snapshot edited by someone who can write the folder but does not hold SLOTLINK_KEYS', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'slotlink-restart-'))
    let server = await start()
    const token = await mint(server, 'user-victim')
    await server.stop('SIGTERM')
    for (const name of snapshotFiles()) {
      const path = join(dataDir, 'slots', name)
      const lines = readFileSync(path, 'utf8').split('\n')
      // Plant another subject, then redo whatever plain checksum the trailer has, as an attacker would.
      const body = lines.slice(0, -2).map((l) => l.replace('user-victim', 'user-attacker')).join('\n') + '\n'
      const trailer = JSON.parse(lines.at(-2)!) as Record<string, unknown>
      for (const field of Object.keys(trailer)) if (field !== 'count') trailer[field] = createHash('sha256').update(body).digest('hex')
      writeFileSync(path, body + JSON.stringify(trailer) + '\n')
    }
    server = await start()
    const refused = server.output.filter((l) => l.includes('"event":"snapshot_refused"'))
    expect(refused).toHaveLength(1)
    expect(refused[0]).not.toContain('user-')
    const peek = await call(server, `/api/links/${token}`)
    expect(peek.status).toBe(410)
  })

  it('says at start that nothing is kept across restarts when SLOTLINK_KEYS is unset', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'slotlink-restart-'))
    const server = await start({ SLOTLINK_KEYS: '' })
    expect(server.output.join('\n')).toMatch(/"event":"snapshots_off"/)
  })

  it('answers every request sent before SIGTERM when stopped under load, and never a 5xx', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'slotlink-restart-'))
    const server = await start()
    let signalledAt = Infinity
    const before: (number | string)[] = []
    const after: (number | string)[] = []
    // 32 clients on kept-alive connections, as a backend's HTTP pool would be; SIGTERM lands mid-stream.
    const client = async () => {
      for (;;) {
        const sentAt = Date.now()
        let outcome: number | string
        try {
          const res = await fetch(server.baseUrl + '/api/links', {
            method: 'POST',
            headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
            body: JSON.stringify({ purpose: 'p', subject: 's' }),
          })
          await res.arrayBuffer()
          outcome = res.status
        } catch (error) {
          outcome = (error as { cause?: { code?: string } }).cause?.code ?? String(error)
        }
        ;(sentAt < signalledAt ? before : after).push(outcome)
        if (typeof outcome === 'string') return
      }
    }
    const clients = Array.from({ length: 32 }, client)
    // Under way, however fast this machine is: wait for answers, not for a fixed time.
    await until(() => before.length >= 64)
    signalledAt = Date.now()
    const exit = server.stop('SIGTERM')
    // While it drains, the health check tells load balancers to move on: from the moment the server
    // says it is stopping until its listener closes, every answer is 503 draining.
    await until(() => server.output.some((line) => line.includes('"event":"stopping"')))
    const health: { status: number; body: unknown }[] = []
    for (;;) {
      const res = await fetch(`${server.baseUrl}/healthz`).catch(() => undefined)
      if (!res) break
      health.push({ status: res.status, body: await res.json() })
    }
    expect(health.length).toBeGreaterThan(0)
    expect(health.filter((h) => h.status !== 503 || (h.body as { status?: string }).status !== 'draining')).toEqual([])
    await Promise.all(clients)
    expect(await exit).toBe(0)
    // Everything sent before the signal was answered, and answered well.
    expect(before.filter((o) => o !== 201)).toEqual([])
    // After it: served while draining, then refused at the door; never a 5xx.
    expect(after.filter((o) => typeof o === 'number' && o !== 201)).toEqual([])
  })
})

/** Waits for a condition with a generous deadline, polling: never for a fixed time that a busy machine may need more of. */
async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}
