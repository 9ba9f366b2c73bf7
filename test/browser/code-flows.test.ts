/**
 * Link and code in a real browser, on both runtimes (the Node server and the worker on workerd),
 * one body of tests for both: each of the three flows (forgot password, magic sign-in, confirm
 * email) by its code typed in the browser that asked and by its link opened in a second browser
 * context (another device); the code typed in a context without the ticket fails; a scanner-like
 * context that opens links, runs their scripts and submits nothing leaves them usable and signs
 * nobody in. Every page the flows show passes axe in light and dark.
 *
 * One server per runtime and one browser for all: the flows run one after another on it, each with
 * its own address, so they stay within the demo's per-client limits (10 sign-ups per 15 minutes).
 */
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { ContractTarget } from '../contract/api-contract.ts'
import { startEdgeTarget } from '../support/edge-target.ts'
import { startNodeTarget } from '../support/node-target.ts'
import { perSuite } from '../support/per-suite.ts'
import { axeViolations, isBlocking } from './axe.ts'
import { contextsClosedAfterEachTest, sharedChromium } from './chromium.ts'
import { codeFrom, mailTo, waitForMail } from './forgot-password-flow.ts'

type Running = { target: ContractTarget; stop(): Promise<void> }

/**
 * Both runtimes as their dev commands run them: `npm start` (dev outbox) and `npm run edge:dev`
 * (NODE_ENV=development). Each flow runs on one of them, in turn, so that each runtime has every
 * flow by code or by link and both ways in: the flows are the same core and demo code on both,
 * and each pass cost ~65 s of a CI run with a 20-minute budget. `CODE_FLOWS=all` runs every flow
 * on both.
 */
const RUNTIMES: [string, () => Promise<Running>, number][] = [
  ['the Node server', () => startNodeTarget({ SLOTLINK_WORKERS: '1' }), 0],
  ['the Workers runtime (workerd)', () => startEdgeTarget({ NODE_ENV: 'development' }), 1],
]
const EVERY_FLOW_EVERYWHERE = process.env.CODE_FLOWS === 'all'

/** Generous, for a machine busy with other work: waits end early when the page is there. */
const WAIT_MS = 60_000
const FLOW_TIMEOUT_MS = 180_000
const PASSWORD = 'first password, long enough'

const browser = sharedChromium()

describe.each(RUNTIMES)('link and code in Chromium, on %s', (_, start, runtime) => {
  let flows = 0
  /** Registers the next flow on this runtime if it is this runtime's turn (see RUNTIMES). */
  const flow: typeof it = ((...args: Parameters<typeof it>) => {
    if (EVERY_FLOW_EVERYWHERE || flows++ % RUNTIMES.length === runtime) it(...args)
  }) as typeof it
  const server = perSuite(start, (running) => running.stop(), 180_000)
  const newContext = contextsClosedAfterEachTest(browser, WAIT_MS)

  const base = () => server().target.baseUrl
  let nextUser = 0
  const newEmail = () => `code-flow-${++nextUser}-${Date.now().toString(36)}@example.com`
  const linkIn = (text: string) => new RegExp(`${base()}/l/[A-Za-z0-9_-]+`).exec(text)![0]

  async function newPage(options?: Parameters<Browser['newContext']>[0]): Promise<Page> {
    return (await newContext(options)).newPage()
  }

  /** Presses a form's button once and returns the response of the page it leads to. */
  async function submit(page: Page, button: string) {
    const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button }).click()])
    return response
  }

  const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name }).waitFor()

  /** No serious or critical axe findings, in light and dark. */
  async function accessible(page: Page, name: string) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      assert.deepEqual((await axeViolations(page)).filter(isBlocking), [], `${name} (${colorScheme})`)
    }
    await page.emulateMedia({ colorScheme: 'light' })
  }

  /** The statuses of the form posts `page` makes from now on. */
  function postStatuses(page: Page): number[] {
    const statuses: number[] = []
    page.on('response', (response) => {
      if (response.request().method() === 'POST') statuses.push(response.status())
    })
    return statuses
  }

  /** Fills in the sign-up form in `page`; returns the confirmation mail's code and link. */
  async function signUpUnconfirmed(page: Page, email: string) {
    await page.goto(base() + '/signup')
    await page.getByLabel('Email address').fill(email)
    await page.getByLabel('Password').fill(PASSWORD)
    expect((await submit(page, 'Create account'))?.status()).toBe(200)
    await heading(page, 'Confirm your address')
    const mail = await waitForMail(page, base(), email, 0, WAIT_MS)
    return { code: codeFrom(mail.text), link: linkIn(mail.text) }
  }

  /** Signs up in `page`, confirms by typing the mailed code there, and signs out. */
  async function signUp(page: Page, email: string) {
    const { code } = await signUpUnconfirmed(page, email)
    await page.getByLabel('Code from the mail').fill(code)
    await submit(page, 'Confirm')
    await heading(page, 'You are signed in')
    await submit(page, 'Sign out')
  }

  /** Asks for a mail from `path`'s form (`/forgot` or `/login`) in `page`; returns its code and link. */
  async function askForMail(page: Page, email: string, path: string, label: string, button: string) {
    const before = (await mailTo(page, base(), email)).length
    await page.goto(base() + path)
    await page.getByLabel(label).fill(email)
    const response = await submit(page, button)
    expect(response?.status()).toBe(200)
    await heading(page, 'Check your email')
    const mail = await waitForMail(page, base(), email, before, WAIT_MS)
    return { code: codeFrom(mail.text), link: linkIn(mail.text) }
  }

  /** What a mail scanner does: open the link, let its scripts run, follow nothing, submit nothing. */
  async function scan(link: string) {
    const scanner = await newPage()
    const response = await scanner.goto(link, { waitUntil: 'networkidle' })
    expect(response?.status()).toBe(200)
    const cookies = await scanner.context().cookies()
    expect(cookies.map((c) => c.name)).not.toContain('slotlink_session')
  }

  /** The code posted from a browser that never asked for it: no ticket, so nothing is checked. */
  async function noTicket(path: string, code: string) {
    const other = await newPage()
    const answer = await other.request.post(base() + path, { form: { code }, headers: { origin: base() } })
    expect(answer.status()).toBe(400)
    expect(await answer.text()).toContain('This browser has no code to check')
  }

  /** The mailed link after its code was used: the 410 page, saying it went by the code. */
  async function spentByCode(link: string) {
    const reader = await newPage()
    expect((await reader.goto(link))?.status()).toBe(410)
    expect(await reader.locator('main').innerText()).toMatch(/with the code from its mail/)
    return reader
  }

  flow('forgot password by code: typed (pasted in lower case) in the browser that asked, it opens the reset form; the link is spent', { timeout: FLOW_TIMEOUT_MS }, async () => {
    const page = await newPage()
    const email = newEmail()
    await signUp(page, email)
    const { code, link } = await askForMail(page, email, '/forgot', 'Email address', 'Send me a reset link')
    await accessible(page, 'check-email with code form')
    const input = page.getByLabel('Code from the mail')
    expect(await input.getAttribute('autocomplete')).toBe('one-time-code')
    expect(await input.getAttribute('inputmode')).toBe('text')
    await scan(link) // a scanner on the way changes nothing
    await input.fill(code.toLowerCase().replace('-', ' '))
    const form = await submit(page, 'Continue')
    expect(form?.status()).toBe(200)
    await heading(page, 'Choose a new password')
    await accessible(page, 'reset form after code')
    // The form is the page of a fresh link (post, redirect, get): a refresh shows it again and uses nothing.
    const reloaded = await page.reload()
    expect([reloaded?.request().method(), reloaded?.status()]).toEqual(['GET', 200])
    await heading(page, 'Choose a new password')
    const fresh = 'new password typed after the code'
    await page.getByLabel('New password', { exact: true }).fill(fresh)
    await page.getByLabel('New password, again').fill(fresh)
    // Pressed twice, it lands where one press does, not on "already used".
    const posts = postStatuses(page)
    await page.getByRole('button', { name: 'Set new password' }).dblclick()
    // Not waitForURL: it fails on the first navigation, which the second press aborts. The page the user ends up on.
    await heading(page, 'Sign in')
    await page.waitForLoadState('load')
    expect(new URL(page.url()).search).toBe('?notice=password_changed')
    expect(posts.length).toBeGreaterThanOrEqual(1)
    expect(posts.every((status) => status === 303)).toBe(true)
    // The code used the slot: the mailed link is spent too, and its page says when, in the reader's time zone.
    const reader = await newPage({ timezoneId: 'Asia/Tokyo', locale: 'en-US' })
    expect((await reader.goto(link))?.status()).toBe(410)
    await accessible(reader, 'link used page')
    const time = reader.locator('main time')
    const when = new Date((await time.getAttribute('datetime'))!)
    const local = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }).format(when)
    await reader.waitForFunction((expected) => document.querySelector('main time')?.textContent === expected, local)
    expect(await reader.locator('main').innerText()).toMatch(/with the code from its mail/)
  })

  flow('forgot password by link: opened in another browser after a scanner, it works by its form; the code there has no ticket', { timeout: FLOW_TIMEOUT_MS }, async () => {
    const asker = await newPage()
    const email = newEmail()
    await signUp(asker, email)
    const { code, link } = await askForMail(asker, email, '/forgot', 'Email address', 'Send me a reset link')
    await scan(link)
    await noTicket('/forgot/code', code)
    const other = await newPage()
    expect((await other.goto(link))?.status()).toBe(200)
    const fresh = 'password set on the other device'
    await other.getByLabel('New password', { exact: true }).fill(fresh)
    await other.getByLabel('New password, again').fill(fresh)
    await submit(other, 'Set new password')
    expect(new URL(other.url()).search).toBe('?notice=password_changed')
  })

  flow('magic sign-in by link: a scanner is not signed in and leaves it usable; the click signs in the other browser; the code there has no ticket', { timeout: FLOW_TIMEOUT_MS }, async () => {
    const asker = await newPage()
    const email = newEmail()
    await signUp(asker, email)
    const { code, link } = await askForMail(asker, email, '/login', 'Email for a sign-in link', 'Email me a sign-in link')
    await accessible(asker, 'check-email sign-in')
    await scan(link)
    await noTicket('/login/code', code)
    const other = await newPage()
    expect((await other.goto(link))?.status()).toBe(200)
    await accessible(other, 'sign-in link page')
    expect(await other.locator('main').innerText()).toMatch(/Sign in as c\*\*\*@example\.com/)
    await submit(other, 'Sign in')
    await heading(other, 'You are signed in')
    expect(await other.locator('main').innerText()).toContain(`Signed in as ${email}`)
    // The asker's browser was not signed in by any of this.
    expect((await asker.context().cookies()).map((c) => c.name)).not.toContain('slotlink_session')
  })

  flow('magic sign-in by code: a wrong code says how many tries are left; the right one signs in the browser that asked; the link is spent', { timeout: FLOW_TIMEOUT_MS }, async () => {
    const page = await newPage()
    const email = newEmail()
    await signUp(page, email)
    const { code, link } = await askForMail(page, email, '/login', 'Email for a sign-in link', 'Email me a sign-in link')
    await scan(link)
    const input = page.getByLabel('Code from the mail')
    expect(await input.getAttribute('autocomplete')).toBe('one-time-code')
    // A code that is not the mailed one (its first character changed), still well-formed.
    const wrong = (code[0] === 'A' ? 'B' : 'A') + code.slice(1)
    await input.fill(wrong)
    expect((await submit(page, 'Sign in'))?.status()).toBe(422)
    await page.getByText('you have 4 more tries').waitFor()
    expect(await page.getByLabel('Code from the mail').getAttribute('aria-invalid')).toBe('true')
    await accessible(page, 'sign-in code form with a wrong code')
    await page.getByLabel('Code from the mail').fill(` ${code.replace('-', ' ').toLowerCase()} `)
    // A double click sends the right code twice: the second lands where the first does, not on "already used".
    const posts = postStatuses(page)
    await page.getByRole('button', { name: 'Sign in' }).dblclick()
    await heading(page, 'You are signed in')
    expect(posts.every((status) => status === 303)).toBe(true)
    expect(await page.locator('main').innerText()).toContain(`Signed in as ${email}`)
    await accessible(page, 'home after sign-in code')
    await spentByCode(link)
  })

  flow('confirm email by code: refused in a browser without the ticket, it confirms and signs in the browser that signed up; the link is spent', { timeout: FLOW_TIMEOUT_MS }, async () => {
    const page = await newPage()
    const email = newEmail()
    const { code, link } = await signUpUnconfirmed(page, email)
    await accessible(page, 'confirm-email with code form')
    await scan(link)
    // Another device opens /confirm and types the code there: it has no ticket, so it is told to use the link.
    const other = await newPage()
    await other.goto(base() + '/confirm')
    await other.getByLabel('Code from the mail').fill(code)
    expect((await submit(other, 'Confirm'))?.status()).toBe(400)
    await heading(other, 'This browser has no code to check')
    await accessible(other, 'code without ticket')
    expect((await other.context().cookies()).map((c) => c.name)).not.toContain('slotlink_session')

    await page.getByLabel('Code from the mail').fill(code)
    await submit(page, 'Confirm')
    await heading(page, 'You are signed in')
    expect(await page.locator('main').innerText()).toContain(`Signed in as ${email}`)
    await accessible(page, 'home after confirm code')
    const reader = await spentByCode(link)
    expect(await reader.getByRole('link', { name: 'Sign in' }).last().getAttribute('href')).toBe('/login')
  })

  flow('confirm email by link: after a scanner, a double click and a refresh show the success again; another browser sees "used at"', { timeout: FLOW_TIMEOUT_MS }, async () => {
    const asker = await newPage()
    const email = newEmail()
    const { link } = await signUpUnconfirmed(asker, email)
    await scan(link)

    const device = await newPage()
    await device.goto(link)
    await heading(device, 'Confirm your address')
    await accessible(device, 'confirm link page')
    const answers: number[] = []
    device.on('response', (response) => {
      if (response.request().method() === 'POST') answers.push(response.status())
    })
    // A double click sends two POSTs; the browser aborts the first navigation for the second, so waiting for "the"
    // navigation races. Wait for the page the user ends up on instead.
    await device.getByRole('button', { name: 'Confirm my address' }).dblclick()
    await heading(device, 'Address confirmed')
    await device.waitForLoadState('load')
    expect(await device.locator('h1').innerText()).toBe('Address confirmed')
    await accessible(device, 'address confirmed')
    const reloaded = await device.reload()
    expect(reloaded?.request().method()).toBe('POST')
    expect(reloaded?.status()).toBe(200)
    expect(await device.locator('h1').innerText()).toBe('Address confirmed')
    expect(answers.length).toBeGreaterThanOrEqual(2)
    expect(answers.every((status) => status === 200)).toBe(true)

    const third = await newPage()
    expect((await third.goto(link))?.status()).toBe(410)
    expect(await third.locator('main').innerText()).toMatch(/It was used at/)
    expect(await third.getByRole('link', { name: 'Sign in' }).last().getAttribute('href')).toBe('/login')
  })
})
