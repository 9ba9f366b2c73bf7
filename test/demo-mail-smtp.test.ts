import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RESET_MAIL_SUBJECT } from '../src/demo/reset-mail.tsx'
import { SIGN_IN_MAIL_SUBJECT } from '../src/demo/sign-in-mail.tsx'
import { captureLogger, startNodeTarget } from './support/node-target.ts'

interface Received {
  readonly from: string
  readonly to: string[]
  readonly raw: string
}

const PASSWORD = 'correct horse battery staple'
const NEW_PASSWORD = 'reset over real smtp 2026'
const REFUSED = 'refused@example.com'
const received: Received[] = []
const logger = captureLogger()
let smtp: SMTPServer
let node: Awaited<ReturnType<typeof startNodeTarget>>

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      // Real servers quote the address when they refuse it; the app must not log that message.
      if (address.address === REFUSED) return callback(Object.assign(new Error(`<${REFUSED}>: mailbox unavailable`), { responseCode: 550 }))
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  const { port } = smtp.server.address() as AddressInfo
  node = await startNodeTarget({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'slotlink <no-reply@slotlink.test>', SLOTLINK_WORKERS: '1' }, logger)
})
afterAll(async () => {
  await node?.stop()
  await new Promise<void>((resolve) => smtp?.close(() => resolve()))
})

/** Posts a form as a browser on the site would. */
function post(path: string, fields: Record<string, string>, cookie?: string) {
  return fetch(node.target.baseUrl + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: node.target.baseUrl, ...(cookie && { cookie }) },
    body: new URLSearchParams(fields),
  })
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * Undoes quoted-printable (RFC 2045 §6.7), the transfer encoding nodemailer picks for long lines.
 * Hand-written because no MIME parser is installed and this is all the test needs: the link's
 * characters are all plain ASCII, so byte-level decoding is exact for them.
 */
function decodeQuotedPrintable(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

/** Signs up and confirms by the code of the confirmation mail, which arrives over SMTP too. */
async function signUpConfirmed(email: string): Promise<Response> {
  const signedUp = await post('/signup', { email, password: PASSWORD })
  expect(signedUp.status).toBe(200)
  const ticket = signedUp.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ')
  const mail = await waitFor('the confirmation mail', () => received.find((m) => m.to.includes(email) && /^Subject: Confirm/m.test(m.raw)))
  const code = /^ {4}([0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4})\r?$/m.exec(decodeQuotedPrintable(mail.raw))![1]!
  return post('/confirm', { code }, ticket)
}

/** The newest mail to `email` whose Subject matches. */
const mailTo = (email: string, subject: string) => waitFor(`the mail "${subject}"`, () => received.findLast((m) => m.to.includes(email) && m.raw.includes(`Subject: ${subject}`)))

describe('reset mail over real SMTP (SMTP_URL set)', () => {
  it('delivers the reset mail to the account, from MAIL_FROM, with a link that works once', async () => {
    const email = 'smtp-user@example.com'
    expect((await signUpConfirmed(email)).status).toBe(303)

    const forgot = await post('/forgot', { email })
    expect(forgot.status).toBe(200)
    const mail = await mailTo(email, RESET_MAIL_SUBJECT)

    expect(mail.to).toEqual([email])
    expect(mail.from).toBe('no-reply@slotlink.test')
    const decoded = decodeQuotedPrintable(mail.raw)
    expect(decoded).toMatch(new RegExp(`^To: ${email}\\r?$`, 'm'))
    expect(decoded).toMatch(new RegExp(`^Subject: ${RESET_MAIL_SUBJECT}\\r?$`, 'm'))
    expect(decoded).toMatch(/^From: slotlink <no-reply@slotlink\.test>\r?$/m)
    // RFC 3834: auto-responders (out-of-office) must not answer it.
    expect(decoded).toMatch(/^Auto-Submitted: auto-generated\r?$/m)
    expect(decoded).toMatch(/Content-Type: text\/plain/)
    expect(decoded).toMatch(/Content-Type: text\/html/)

    const links = [...decoded.matchAll(/http:\/\/localhost:\d+\/l\/[A-Za-z0-9_-]+/g)].map((m) => m[0])
    expect(links.length).toBeGreaterThanOrEqual(2) // the same link, in the text and in the HTML part
    expect(new Set(links).size).toBe(1)
    const link = links[0]!
    const path = new URL(link).pathname

    expect((await fetch(link)).status).toBe(200)
    const reset = await post(path, { password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })
    expect(reset.status).toBe(303)
    expect(reset.headers.get('location')).toBe('/login?notice=password_changed')
    expect((await post('/login', { email, password: NEW_PASSWORD })).status).toBe(303)
    expect((await post('/login', { email, password: PASSWORD })).status).toBe(401)
    expect((await fetch(link)).status).toBe(410)

    const token = path.slice('/l/'.length)
    const log = logger.lines.join('\n')
    expect(log).toContain('"mailer":"smtp"')
    expect(log).not.toContain(token)
    expect(log).not.toContain(email)
  })

  it('puts the code in both parts, large and copyable in the HTML; typed with the ticket cookie it opens the reset form', async () => {
    const email = 'smtp-code@example.com'
    expect((await signUpConfirmed(email)).status).toBe(303)
    const forgot = await post('/forgot', { email })
    expect(forgot.status).toBe(200)
    const ticketCookie = forgot.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ')
    expect(ticketCookie).toMatch(/^slotlink_reset_ticket=[A-Za-z0-9_-]+$/)
    const mail = await mailTo(email, RESET_MAIL_SUBJECT)
    const decoded = decodeQuotedPrintable(mail.raw)
    // Where a reader sees it: its own indented line in the text part, the large block in the HTML.
    // (A bare /\bXXXX-XXXX\b/ also matches, now and then, a stretch of the link's random token.)
    const textCode = /^ {4}([0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4})\r?$/m.exec(decoded)?.[1]
    const htmlCode = /font:700 32px[^"]*user-select:all[^"]*">\s*([0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4})\s*</.exec(decoded)?.[1]
    expect(textCode).toBeDefined()
    expect(htmlCode).toBe(textCode)
    const codes = [textCode!]
    // The code never reaches the log, and neither does the ticket.
    const redirected = await post('/forgot/code', { code: codes[0]!.toLowerCase() }, ticketCookie)
    expect(redirected.status).toBe(303)
    const form = await fetch(node.target.baseUrl + redirected.headers.get('location')!)
    expect(form.status).toBe(200)
    expect(await form.text()).toMatch(/name="password_confirmation"/)
    const log = logger.lines.join('\n')
    expect(log).not.toContain(codes[0]!)
    expect(log).not.toContain(ticketCookie.split('=')[1]!)
  })

  it('delivers the sign-in mail (link + code, text + HTML, Auto-Submitted); its code signs in the browser that asked', async () => {
    const email = 'smtp-magic@example.com'
    expect((await signUpConfirmed(email)).status).toBe(303)
    const asked = await post('/login/link', { email })
    expect(asked.status).toBe(200)
    const ticketCookie = asked.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ')
    const mail = await mailTo(email, SIGN_IN_MAIL_SUBJECT)
    const decoded = decodeQuotedPrintable(mail.raw)
    expect(decoded).toMatch(new RegExp(`^Subject: ${SIGN_IN_MAIL_SUBJECT}\\r?$`, 'm'))
    expect(decoded).toMatch(/^Auto-Submitted: auto-generated\r?$/m)
    expect(decoded).toMatch(/Content-Type: text\/plain/)
    expect(decoded).toMatch(/Content-Type: text\/html/)
    expect(decoded).toMatch(/http:\/\/localhost:\d+\/l\/[A-Za-z0-9_-]+/)
    const code = /^ {4}([0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4})\r?$/m.exec(decoded)![1]!
    const signedIn = await post('/login/code', { code }, ticketCookie)
    expect(signedIn.status).toBe(303)
    expect(signedIn.headers.getSetCookie().join()).toMatch(/slotlink_session=/)
  })

  it('does not serve the dev outbox: mail went to the SMTP server instead', async () => {
    expect((await fetch(node.target.baseUrl + '/dev/outbox.json')).status).toBe(404)
  })

  it('answers the person as usual when the mail server refuses, and logs the failure without the address', async () => {
    expect((await post('/signup', { email: REFUSED, password: PASSWORD })).status).toBe(200)
    // The confirmation mail is refused first; then the reset mail.
    await waitFor('the confirmation failure', () => logger.lines.find((line) => line.includes('"task":"confirm_mail"')))
    const before = logger.lines.length
    expect((await post('/forgot', { email: REFUSED })).status).toBe(200)
    const failure = await waitFor('the failure log line', () => logger.lines.slice(before).find((line) => line.includes('background_failed')))
    expect(failure).toContain('"task":"reset_mail"')
    expect(failure).toContain('"responseCode":550')
    expect(logger.lines.join('\n')).not.toContain(REFUSED)
  })
})
