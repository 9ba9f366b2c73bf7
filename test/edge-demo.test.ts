/**
 * The demo app on the worker as it would be deployed (NODE_ENV production): accounts in D1 with
 * PBKDF2, reset mail POSTed as JSON to MAIL_ENDPOINT (a capturing HTTP server here), rate limits
 * in Durable Objects. The development configuration (dev outbox) runs the browser flow in
 * test/browser/edge-forgot-password-flow.test.ts.
 */
import Database from 'better-sqlite3'
import { existsSync, readdirSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEdgeTarget, type EdgeTarget } from './support/edge-target.ts'

const MAIL_API_KEY = 'mail-api-key-for-tests-0123456789abcdef'
const MAIL_FROM = 'slotlink <no-reply@example.com>'
const PASSWORD = 'a long enough first password'
const NEW_PASSWORD = 'and a long enough second one'

interface CapturedMail {
  headers: IncomingHttpHeaders
  body: { from: string; to: string; subject: string; text: string; html: string }
}

let edge: EdgeTarget
let mailApi: Server
const mails: CapturedMail[] = []

beforeAll(async () => {
  mailApi = createServer((req, res) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (text += chunk))
    req.on('end', () => {
      mails.push({ headers: req.headers, body: JSON.parse(text) })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"captured"}')
    })
  })
  await new Promise<void>((resolve) => mailApi.listen(0, '127.0.0.1', resolve))
  const mailEndpoint = `http://127.0.0.1:${(mailApi.address() as AddressInfo).port}/emails`
  edge = await startEdgeTarget({ NODE_ENV: 'production', MAIL_ENDPOINT: mailEndpoint, MAIL_API_KEY, MAIL_FROM })
})
afterAll(async () => {
  await edge?.stop()
  await new Promise((resolve) => mailApi?.close(resolve))
})

const base = () => edge.target.baseUrl
const form = (path: string, fields: Record<string, string>, cookie?: string) =>
  fetch(base() + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: base(), 'content-type': 'application/x-www-form-urlencoded', ...(cookie && { cookie }) },
    body: new URLSearchParams(fields),
  })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
let nextUser = 0
const newEmail = () => `edge-user-${++nextUser}-${Date.now()}@example.com`

/** The demo's accounts table in the worker's local D1 file. */
function accountsTable<T>(query: (db: Database.Database) => T): T {
  const dir = join(edge.persistDir, 'v3/d1/miniflare-D1DatabaseObject')
  const file = readdirSync(dir).find((f) => /^[0-9a-f]{64}\.sqlite$/.test(f))
  if (!file) throw new Error('no local D1 database')
  const db = new Database(join(dir, file), { readonly: true })
  try {
    return query(db)
  } finally {
    db.close()
  }
}

/** Signs up and confirms by the mailed code in the same client; returns the 303 with the session. */
async function signUpConfirmed(email: string): Promise<Response> {
  const signedUp = await form('/signup', { email, password: PASSWORD })
  expect(signedUp.status).toBe(200)
  const ticket = signedUp.headers.getSetCookie().map((l) => l.split(';')[0]).join('; ')
  expect(ticket).toMatch(/slotlink_confirm_ticket=/)
  const mail = await mailTo(email, 10_000, /Confirm/)
  const code = /^ {4}([0-9A-Z]{4}-[0-9A-Z]{4})$/m.exec(mail.body.text)![1]!
  return form('/confirm', { code }, ticket)
}

async function mailTo(email: string, timeoutMs = 10_000, subject = /Reset/): Promise<CapturedMail> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const mail = mails.find((m) => m.body.to === email && subject.test(m.body.subject))
    if (mail) return mail
    if (Date.now() > until) throw new Error('no mail arrived at the mail endpoint')
    await sleep(50)
  }
}

describe('the demo app on workerd, configured for production', () => {
  it('serves no dev outbox', async () => {
    for (const path of ['/dev/outbox', '/dev/outbox.json']) expect((await fetch(base() + path)).status).toBe(404)
  })

  it('keeps accounts in D1 with PBKDF2-SHA256 at 100,000 iterations, and answers a taken address as a new one', async () => {
    const email = newEmail()
    const created = await signUpConfirmed(email)
    expect(created.status).toBe(303)
    expect(created.headers.get('set-cookie')).toMatch(/slotlink_session=/)
    const stored = accountsTable((db) => db.prepare('SELECT password_hash FROM accounts WHERE email = ?').pluck().get(email) as string)
    expect(stored).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
    expect(stored).not.toContain(PASSWORD)
    expect((await form('/signup', { email: email.toUpperCase(), password: PASSWORD })).status).toBe(200)
    expect((await mailTo(email, 10_000, /already have/)).body.text).toContain(`${base()}/forgot`)
  })

  it('ends the session in D1 at sign-out: a copied cookie is refused afterwards', async () => {
    const created = await signUpConfirmed(newEmail())
    expect(created.status).toBe(303)
    const cookie = created.headers.getSetCookie().map((l) => l.split(';')[0]).join('; ')
    const home = (c: string) => fetch(base() + '/', { headers: { cookie: c } }).then((r) => r.text())
    expect(await home(cookie)).toContain('Signed in as')
    expect((await form('/logout', {}, cookie)).status).toBe(303)
    // The copy's session is over in D1: its next visit is sent to sign in again, and told why.
    const afterwards = await fetch(base() + '/', { headers: { cookie }, redirect: 'manual' })
    expect(afterwards.status).toBe(303)
    expect(afterwards.headers.get('location')).toBe('/login?notice=session_ended')
  })

  it('POSTs the reset mail as JSON to MAIL_ENDPOINT with the bearer key; its link resets the password', async () => {
    const email = newEmail()
    expect((await signUpConfirmed(email)).status).toBe(303)
    expect((await form('/forgot', { email })).status).toBe(200)

    const mail = await mailTo(email)
    expect(mail.headers.authorization).toBe(`Bearer ${MAIL_API_KEY}`)
    expect(mail.headers['content-type']).toMatch(/^application\/json/)
    expect(mail.body).toMatchObject({ from: MAIL_FROM, to: email })
    const link = new RegExp(`${base()}/l/[A-Za-z0-9_-]+`).exec(mail.body.text)?.[0]
    expect(link).toBeDefined()
    expect(mail.body.html).toContain(link)

    const page = await fetch(link!)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('password_confirmation')
    const reset = await form(new URL(link!).pathname, { password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })
    expect(reset.status).toBe(303)
    expect(reset.headers.get('location')).toMatch(/^\/login/)
    expect((await form('/login', { email, password: NEW_PASSWORD })).status).toBe(303)
    expect((await form('/login', { email, password: PASSWORD })).status).toBe(401)
    expect((await fetch(link!)).status).toBe(410)
  })

  it('mails in German for a German request, and the link page of an API-minted link follows Accept-Language (the catalogue on workerd)', async () => {
    const email = newEmail()
    expect((await signUpConfirmed(email)).status).toBe(303)
    const asked = await fetch(base() + '/forgot', {
      method: 'POST',
      headers: { origin: base(), 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'de-CH, de;q=0.9, en;q=0.5' },
      body: new URLSearchParams({ email }),
    })
    expect(asked.status).toBe(200)
    const mail = await mailTo(email, 10_000, /zurücksetzen/)
    expect(mail.body.subject).toBe('Ihr slotlink-Passwort zurücksetzen')
    expect(mail.body.text).toMatch(/laufen in 30 Minuten ab \(am \d{1,2}\. \S+ \d{4}, \d\d:\d\d UTC\)/)
    expect(mail.body.html).toContain('<html lang="de" dir="ltr">')
    const missing = await fetch(base() + '/l/not-a-link', { headers: { 'accept-language': 'de' } })
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain('Dieser Link ist ungültig')
  })

  it('holds the per-address reset limit in Durable Objects, so a fresh isolate does not reset it', async () => {
    const email = newEmail()
    for (let i = 0; i < 5; i++) expect((await form('/forgot', { email })).status).toBe(200)
    const windows = join(edge.persistDir, 'v3/do/slotlink-RateLimitWindow')
    expect(existsSync(windows) && readdirSync(windows).some((f) => /^[0-9a-f]{64}\.sqlite$/.test(f))).toBe(true)

    // New isolates, nothing kept in memory: only the Durable Object still knows about the 5 hits.
    await edge.restart()
    const limited = await form('/forgot', { email })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another address is not affected.
    expect((await form('/forgot', { email: newEmail() })).status).toBe(200)
  })
})
