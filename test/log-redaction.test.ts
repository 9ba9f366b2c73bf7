import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startEdgeTarget, type EdgeTarget } from './support/edge-target.ts'
import { TEST_API_KEY } from './support/node-target.ts'
import { startServerProcess, type ServerProcess } from './support/server-process.ts'

const NODE_API_KEY = 'log-test-key-0123456789abcdefghijklmnopqrstu'
const KEYS = 'k1:' + Buffer.alloc(32, 11).toString('base64url')
const EMAIL = 'Grace.Hopper@Example.com'
const PASSWORD = 'correct horse battery staple'
const NEW_PASSWORD = 'an entirely new passphrase 42'

/** A running service and everything it has logged so far. */
interface LoggingTarget {
  readonly baseUrl: string
  readonly apiKey: string
  /** The signing secrets it was started with. */
  readonly keySecrets: string[]
  log(): string
}

/** The code inside a token: the 16 bytes before the 32-byte tag. */
const codeOf = (token: string) => Buffer.from(token, 'base64url').subarray(-48, -32)

/** The API, every route, and the demo flow (sign up, sign in, forget, reset by the mailed link); then the log is searched for every secret seen. */
async function exerciseAndCheck(server: LoggingTarget): Promise<void> {
  const API_KEY = server.apiKey
  {
    const secrets = new Set<string>([API_KEY, ...server.keySecrets, PASSWORD, NEW_PASSWORD, EMAIL, EMAIL.toLowerCase()])
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
    const ticketOf = (response: Response) => {
      const cookie = response.headers.getSetCookie().map((line) => line.split(';')[0]!).join('; ')
      secrets.add(cookie.slice(cookie.indexOf('=') + 1))
      return cookie
    }
    const mailWithCode = async (subject: RegExp) => {
      for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
        const mails = (await (await fetch(`${server.baseUrl}/dev/outbox.json`)).json()) as { subject: string; text: string }[]
        const code = mails.filter((m) => subject.test(m.subject)).map((m) => /^ {4}([0-9A-Z]{4}-[0-9A-Z]{4})$/m.exec(m.text)?.[1])[0]
        if (code) {
          secrets.add(code)
          secrets.add(code.replace('-', ''))
          return code
        }
      }
      throw new Error('no mail with a code arrived')
    }
    const signedUp = await form('/signup', { email: EMAIL, password: PASSWORD })
    expect(signedUp.status).toBe(200)
    const confirmTicket = ticketOf(signedUp)
    expect((await form('/confirm', { code: await mailWithCode(/Confirm/) }, confirmTicket)).status).toBe(303)
    expect((await form('/login', { email: EMAIL, password: PASSWORD })).status).toBe(303)
    const forgot = await form('/forgot', { email: EMAIL })
    expect(forgot.status).toBe(200)
    ticketOf(forgot)
    await mailWithCode(/Reset/)
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
    const log = server.log()
    expect(log).toContain('"event":"request"')
    expect(log).toContain('DEV OUTBOX IS ON')
    for (const secret of secrets) expect(log, `a secret of ${secret.length} characters was logged`).not.toContain(secret)
    expect(log.toLowerCase()).not.toContain('grace.hopper')
  }
}

describe('logs of the Node server', () => {
  let dataDir: string
  let server: ServerProcess
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'slotlink-logs-'))
    server = await startServerProcess({ SLOTLINK_API_KEY: NODE_API_KEY, SLOTLINK_KEYS: KEYS, SLOTLINK_DATA_DIR: dataDir, SLOTLINK_WORKERS: '1' })
  })
  afterAll(async () => {
    await server?.stop('SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('never contain a token, code, key, password or email address, through the API and the demo flow', async () => {
    await exerciseAndCheck({ baseUrl: server.baseUrl, apiKey: NODE_API_KEY, keySecrets: [KEYS.slice(3)], log: () => server.output.join('\n') })
    // The outbox is on (no SMTP_URL): said on the terminal in plain words, not only as a JSON field.
    expect(server.output.some((l) => l.includes('DEV OUTBOX IS ON') && !l.startsWith('{'))).toBe(true)
  }, 60_000) // four scrypt runs at the server's full cost and the wait for the mail: room on a slow machine
})

describe('logs of the worker on wrangler dev', () => {
  let edge: EdgeTarget
  const lines: string[] = []
  beforeAll(async () => {
    // The worker's console lines reach this process through wrangler's console calls.
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const original = console[method].bind(console)
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(' '))
        original(...args)
      })
    }
    edge = await startEdgeTarget({ NODE_ENV: 'development' }, { logLevel: 'log' })
  }, 120_000)
  afterAll(async () => {
    await edge?.stop()
    vi.restoreAllMocks()
  })

  it('never contain a token, code, key, password or email address, through the API and the demo flow', async () => {
    // The worker's own lines. wrangler dev's access log ("[wrangler:info] GET /l/<token> 200") is
    // the dev tool's, not the worker's: it does print paths, tokens included (as Cloudflare's request
    // logs keep URLs in production; the README's Security section says so), so it is left out here.
    const workerLines = () => lines.filter((l) => !/^\[wrangler:/.test(l)).join('\n')
    await exerciseAndCheck({ baseUrl: edge.target.baseUrl, apiKey: TEST_API_KEY, keySecrets: [edge.keys.split(':')[1]!], log: workerLines })
  }, 120_000)
})
