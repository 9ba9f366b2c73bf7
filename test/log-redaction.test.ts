import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServerProcess, type ServerProcess } from './support/server-process.ts'

const API_KEY = 'log-test-key-0123456789abcdefghijklmnopqrstu'
const KEYS = 'k1:' + Buffer.alloc(32, 11).toString('base64url')
const EMAIL = 'Grace.Hopper@Example.com'
const PASSWORD = 'correct horse battery staple'
const NEW_PASSWORD = 'an entirely new passphrase 42'

let dataDir: string
let server: ServerProcess
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'slotlink-logs-'))
  server = await startServerProcess({ SLOTLINK_API_KEY: API_KEY, SLOTLINK_KEYS: KEYS, SLOTLINK_DATA_DIR: dataDir, SLOTLINK_WORKERS: '1' })
})
afterAll(async () => {
  await server?.stop('SIGTERM')
  rmSync(dataDir, { recursive: true, force: true })
})

/** The code inside a token: the 16 bytes before the 32-byte tag. */
const codeOf = (token: string) => Buffer.from(token, 'base64url').subarray(-48, -32)

describe('logs', () => {
  it('never contain a token, code, key, password or email address, through the API and the demo flow', async () => {
    const secrets = new Set<string>([API_KEY, KEYS.slice(3), PASSWORD, NEW_PASSWORD, EMAIL, EMAIL.toLowerCase()])
    const api = (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
      fetch(server.baseUrl + path, {
        method,
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    const form = (path: string, fields: Record<string, string>, cookie = '') =>
      fetch(server.baseUrl + path, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseUrl, cookie },
        body: new URLSearchParams(fields),
      })
    const addToken = (token: string) => {
      secrets.add(token)
      secrets.add(codeOf(token).toString('base64url'))
      secrets.add(codeOf(token).toString('hex'))
    }

    // The API, every route, with personal data in the subject and data.
    const minted = (await (await api('/api/links', { purpose: 'confirm_email', subject: EMAIL, data: { email: EMAIL } })).json()) as { token: string }
    addToken(minted.token)
    await api(`/api/links/${minted.token}`)
    await fetch(`${server.baseUrl}/l/${minted.token}`)
    await fetch(`${server.baseUrl}/l/${minted.token}`, { method: 'HEAD' })
    await api('/api/links/consume', { token: minted.token })
    await api('/api/links/consume', { token: minted.token })
    const second = (await (await api('/api/links', { purpose: 'confirm_email', subject: EMAIL })).json()) as { token: string }
    addToken(second.token)
    await api(`/api/links/${second.token}`, undefined, 'DELETE')
    await api(`/api/subjects/${encodeURIComponent(EMAIL)}/links`, undefined, 'DELETE')
    await api('/api/links/consume', { token: second.token.slice(0, -3) + 'AAA' })
    await fetch(`${server.baseUrl}/api/links`, { headers: { authorization: 'Bearer wrong-' + API_KEY } })

    // The demo: sign up, sign in, forget, reset through the emailed link.
    expect((await form('/signup', { email: EMAIL, password: PASSWORD })).status).toBeLessThan(400)
    expect((await form('/login', { email: EMAIL, password: PASSWORD })).status).toBe(303)
    expect((await form('/forgot', { email: EMAIL })).status).toBe(200)
    await form('/forgot', { email: 'nobody@example.com' })
    // The mail goes out after the page has answered: wait for it (a deadline, not a number of tries).
    let outbox: { to: string; text: string }[] = []
    for (const deadline = Date.now() + 20_000; outbox.length === 0 && Date.now() < deadline; ) {
      outbox = (await (await fetch(`${server.baseUrl}/dev/outbox.json`)).json()) as typeof outbox
      if (outbox.length === 0) await new Promise((r) => setTimeout(r, 100))
    }
    expect(outbox, 'the reset mail reached the dev outbox').not.toEqual([])
    const link = /https?:\/\/\S+\/l\/([A-Za-z0-9_-]+)/.exec(outbox[0]!.text)!
    addToken(link[1]!)
    await fetch(link[0])
    expect((await form(`/l/${link[1]}`, { password: NEW_PASSWORD, password_confirmation: 'mismatch ' + NEW_PASSWORD })).status).toBe(422)
    expect((await form(`/l/${link[1]}`, { password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })).status).toBe(303)
    expect((await form('/login', { email: EMAIL, password: NEW_PASSWORD })).status).toBe(303)

    await new Promise((r) => setTimeout(r, 200))
    const log = server.output.join('\n')
    expect(log).toContain('"event":"request"')
    // The outbox is on (no SMTP_URL): said on the terminal in plain words, not only as a JSON field.
    expect(server.output.some((l) => l.includes('DEV OUTBOX IS ON') && !l.startsWith('{'))).toBe(true)
    for (const secret of secrets) expect(log, `a secret of ${secret.length} characters was logged`).not.toContain(secret)
    expect(log.toLowerCase()).not.toContain('grace.hopper')
  }, 60_000) // four scrypt runs at the server's full cost and the wait for the mail: room on a slow machine
})
