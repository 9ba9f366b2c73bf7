/**
 * The forgot-password story in a real browser, as a function of where the app runs, so the same
 * flow checks the Node server and `wrangler dev`:
 *
 *   sign up → type the confirmation code → sign out → forgot → read the mail (/dev/outbox.json) → open the link → mismatched
 *   passwords show an error → set a new password → sign in with it; the old password fails; the
 *   link shows the 410 page on reuse.
 *
 * Every page is checked with axe-core (in light and dark colour schemes; no serious or critical
 * violations) and photographed into `screenshotDir`, in both schemes.
 */
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page, Response } from 'playwright-core'
import { axeViolations, isBlocking, type AxeViolation } from './axe.ts'


/** Every page the flow visits, in order: a run that skips a step does not pass. */
export const FLOW_PAGES = ['welcome', 'signup', 'signup-error', 'confirm-email', 'home', 'signed-out', 'forgot', 'check-email', 'outbox', 'reset-mail', 'reset-form', 'reset-mismatch', 'password-changed', 'old-password-refused', 'link-used', 'link-invalid']

export interface FlowTarget {
  /** Origin the app is served on and builds its links on (its PUBLIC_URL), e.g. http://localhost:8787. */
  readonly baseUrl: string
}

export interface FlowOptions {
  readonly browser: Browser
  /** Where the screenshots go, one PNG per page; created if missing. */
  readonly screenshotDir: string
  /** How long to wait for the reset mail to reach /dev/outbox.json. */
  readonly mailTimeoutMs?: number
}

export interface FlowReport {
  readonly email: string
  /** Each page visited, in order, with its status, screenshot and any minor axe findings. */
  readonly pages: { name: string; status: number | undefined; screenshot: string; minorViolations: AxeViolation[] }[]
}

const OLD_PASSWORD = 'first password, long enough'
const NEW_PASSWORD = 'second password, also long'

export async function runForgotPasswordFlow(target: FlowTarget, options: FlowOptions): Promise<FlowReport> {
  const base = target.baseUrl.replace(/\/+$/, '')
  const email = `flow-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`
  mkdirSync(options.screenshotDir, { recursive: true })
  const pages: FlowReport['pages'] = []
  const context = await options.browser.newContext({ viewport: { width: 900, height: 760 } })
  const page = await context.newPage()

  /** Checks and photographs the page the browser is on. */
  async function record(name: string, response: Response | null | undefined, expectedStatus: number | 'no-request') {
    if (expectedStatus !== 'no-request') assert.equal(response?.status(), expectedStatus, `${name}: expected HTTP ${expectedStatus} at ${page.url()}`)
    const minor: AxeViolation[] = []
    const screenshot = join(options.screenshotDir, `${String(pages.length + 1).padStart(2, '0')}-${name}.png`)
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      const violations = await axeViolations(page)
      const blocking = violations.filter(isBlocking)
      assert.deepEqual(blocking, [], `${name} (${colorScheme}): serious or critical accessibility violations`)
      minor.push(...violations)
      await page.screenshot({ path: colorScheme === 'light' ? screenshot : screenshot.replace(/\.png$/, '-dark.png'), fullPage: true })
    }
    await page.emulateMedia({ colorScheme: 'light' })
    pages.push({ name, status: response?.status(), screenshot, minorViolations: minor })
  }
  /** Submits the form on the page by its button and returns the response the browser lands on. */
  async function submit(button: string) {
    const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button }).click()])
    return response
  }
  async function signIn(password: string) {
    await page.getByLabel('Email address').fill(email)
    await page.getByLabel('Password', { exact: true }).fill(password)
    return submit('Sign in')
  }

  try {
    await record('welcome', await page.goto(base + '/'), 200)

    // Sign up.
    await record('signup', await page.goto(base + '/signup'), 200)
    await page.getByLabel('Email address').fill(email)
    await page.getByLabel('Password').fill('too short')
    await record('signup-error', await submit('Create account'), 422)
    assert.equal(await page.getByLabel('Password').getAttribute('aria-invalid'), 'true')
    await page.getByLabel('Email address').fill(email)
    await page.getByLabel('Password').fill(OLD_PASSWORD)
    await record('confirm-email', await submit('Create account'), 200)
    const confirmMail = await waitForMail(page, base, email, 0, options.mailTimeoutMs ?? 15_000)
    await page.getByLabel('Code from the mail').fill(codeFrom(confirmMail.text))
    await record('home', await submit('Confirm'), 200)
    assert.equal(new URL(page.url()).pathname, '/')
    assert.match(await page.locator('main').innerText(), new RegExp(`Signed in as ${escapeRegExp(email)}`))

    // Sign out.
    await record('signed-out', await submit('Sign out'), 200)
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/login?notice=signed_out')
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0)

    // Forgot password.
    const [forgotResponse] = await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Forgot your password?' }).click()])
    await record('forgot', forgotResponse, 200)
    const mailsBefore = await mailTo(page, base, email)
    await page.getByLabel('Email address').fill(email)
    await record('check-email', await submit('Send me a reset link'), 200)
    assert.match(await page.locator('main').innerText(), /If an account uses that address/)

    // Read the mail from the dev outbox.
    const mail = await waitForMail(page, base, email, mailsBefore.length, options.mailTimeoutMs ?? 15_000)
    await record('outbox', await page.goto(base + '/dev/outbox'), 200)
    const link = new RegExp(`${escapeRegExp(base)}/l/[A-Za-z0-9_-]+`).exec(mail.text)?.[0]
    assert.ok(link, 'the mail holds a link on the public URL')
    assert.ok(mail.html.includes(link), 'the HTML part holds the same link')
    // The HTML part as a mail client would show it, held to the same accessibility bar. From a
    // blank page: written into the outbox page it would inherit that page's CSP and lose its styles.
    await page.goto('about:blank')
    await page.setContent(mail.html)
    await record('reset-mail', null, 'no-request')
    assert.equal(await page.getByRole('link').count(), 1, 'the link is the only call to action')

    // Open the link; mismatched passwords are refused and the link stays open.
    await record('reset-form', await page.goto(link), 200)
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
    await page.getByLabel('New password, again').fill(NEW_PASSWORD + ' typo')
    await record('reset-mismatch', await submit('Set new password'), 422)
    const confirmation = page.getByLabel('New password, again')
    assert.equal(await confirmation.getAttribute('aria-invalid'), 'true')
    const describedBy = (await confirmation.getAttribute('aria-describedby')) ?? ''
    assert.match(await page.locator(`#${describedBy.split(' ')[0]}`).innerText(), /do not match/)

    // Set the new password.
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
    await page.getByLabel('New password, again').fill(NEW_PASSWORD)
    await record('password-changed', await submit('Set new password'), 200)
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/login?notice=password_changed')

    // The old password fails; the new one works.
    await record('old-password-refused', await signIn(OLD_PASSWORD), 401)
    const signedIn = await signIn(NEW_PASSWORD)
    assert.equal(signedIn?.status(), 200)
    assert.equal(new URL(page.url()).pathname, '/')
    assert.match(await page.locator('main').innerText(), /Signed in as/)

    // The link is spent: the 410 page, with a way to a new one.
    await record('link-used', await page.goto(link), 410)
    const renew = page.getByRole('link', { name: 'Send me a new link' })
    assert.equal(await renew.getAttribute('href'), '/forgot')
    await record('link-invalid', await page.goto(base + '/l/this-is-not-a-link'), 404)

    return { email, pages }
  } finally {
    await context.close()
  }
}

interface OutboxItem {
  to: string
  subject: string
  text: string
  html: string
  sentAt: string
}

export async function mailTo(page: Page, base: string, email: string): Promise<OutboxItem[]> {
  const response = await page.request.get(base + '/dev/outbox.json')
  assert.equal(response.status(), 200, '/dev/outbox.json is served (not production)')
  return ((await response.json()) as OutboxItem[]).filter((item) => item.to === email)
}

/** The mail is sent after the page has answered, so it may take a moment to show up. */
export async function waitForMail(page: Page, base: string, email: string, before: number, timeoutMs: number): Promise<OutboxItem> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const mail = await mailTo(page, base, email)
    if (mail.length > before) return mail[0]!
    assert.ok(Date.now() < deadline, `no reset mail for the test address within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** The typed code (`ABCD-EFGH`) of a mail's text part. */
export function codeFrom(text: string): string {
  const code = /^ {4}([0-9A-Z]{4}-[0-9A-Z]{4})$/m.exec(text)?.[1]
  assert.ok(code, 'the mail holds a code')
  return code
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
