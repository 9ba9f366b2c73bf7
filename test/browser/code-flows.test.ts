/**
 * Link and code in a real browser, against the Node server: the forgot-password code typed in the
 * browser that asked, the link opened in a second browser context (another device), and a
 * scanner-like context that opens links, runs their scripts and submits nothing, which must leave
 * them usable and sign nobody in.
 */
import assert from 'node:assert/strict'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startNodeTarget } from '../support/node-target.ts'
import { axeViolations, isBlocking } from './axe.ts'
import { launchChromium } from './chromium.ts'
import { codeFrom, mailTo, waitForMail } from './forgot-password-flow.ts'

const PASSWORD = 'first password, long enough'
let browser: Browser
let node: Awaited<ReturnType<typeof startNodeTarget>>
const contexts: BrowserContext[] = []
beforeAll(async () => {
  browser = await launchChromium()
  node = await startNodeTarget({ SLOTLINK_WORKERS: '1' })
})
afterAll(async () => {
  for (const context of contexts) await context.close()
  await browser?.close()
  await node?.stop()
})

const base = () => node.target.baseUrl
let nextUser = 0
const newEmail = () => `code-flow-${++nextUser}-${Date.now().toString(36)}@example.com`

async function newPage(options?: Parameters<Browser['newContext']>[0]): Promise<Page> {
  const context = await browser.newContext(options)
  contexts.push(context)
  return context.newPage()
}

async function submit(page: Page, button: string) {
  const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button }).click()])
  return response
}

/** No serious or critical axe findings, in light and dark. */
async function accessible(page: Page, name: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    assert.deepEqual((await axeViolations(page)).filter(isBlocking), [], `${name} (${colorScheme})`)
  }
}

/** Signs up in `page` and confirms by typing the mailed code there. */
async function signUp(page: Page, email: string) {
  await page.goto(base() + '/signup')
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await submit(page, 'Create account')
  await accessible(page, 'confirm-email')
  const mail = await waitForMail(page, base(), email, 0, 15_000)
  await page.getByLabel('Code from the mail').fill(codeFrom(mail.text))
  await submit(page, 'Confirm')
  assert.match(await page.locator('main').innerText(), /Signed in as/)
  await submit(page, 'Sign out')
}

/** Asks for a mail from `path`'s form (`/forgot` or `/login`) in `page`; returns its code and link. */
async function askForMail(page: Page, email: string, path: string, label: string, button: string) {
  const before = (await mailTo(page, base(), email)).length
  await page.goto(base() + path)
  await page.getByLabel(label).fill(email)
  const response = await submit(page, button)
  expect(response?.status()).toBe(200)
  const mail = await waitForMail(page, base(), email, before, 15_000)
  const link = new RegExp(`${base()}/l/[A-Za-z0-9_-]+`).exec(mail.text)![0]
  return { code: codeFrom(mail.text), link }
}

/** What a mail scanner does: open the link, let its scripts run, follow nothing, submit nothing. */
async function scan(link: string) {
  const scanner = await newPage()
  const response = await scanner.goto(link, { waitUntil: 'networkidle' })
  expect(response?.status()).toBe(200)
  const cookies = await scanner.context().cookies()
  expect(cookies.map((c) => c.name)).not.toContain('slotlink_session')
}

describe('link and code in Chromium (Node server)', () => {
  it('forgot password: the code typed (pasted in lower case) in the browser that asked opens the reset form', { timeout: 120_000 }, async () => {
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
    await accessible(page, 'reset form after code')
    const fresh = 'new password typed after the code'
    await page.getByLabel('New password', { exact: true }).fill(fresh)
    await page.getByLabel('New password, again').fill(fresh)
    await submit(page, 'Set new password')
    expect(new URL(page.url()).search).toBe('?notice=password_changed')
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

  it('forgot password: the link opened in another browser works by its form after a scanner opened it; the code there has no ticket', { timeout: 120_000 }, async () => {
    const asker = await newPage()
    const email = newEmail()
    await signUp(asker, email)
    const { code, link } = await askForMail(asker, email, '/forgot', 'Email address', 'Send me a reset link')
    await scan(link)
    const other = await newPage()
    const noTicket = await other.request.post(base() + '/forgot/code', { form: { code }, headers: { origin: base() } })
    expect(noTicket.status()).toBe(400)
    expect((await other.goto(link))?.status()).toBe(200)
    const fresh = 'password set on the other device'
    await other.getByLabel('New password', { exact: true }).fill(fresh)
    await other.getByLabel('New password, again').fill(fresh)
    await submit(other, 'Set new password')
    expect(new URL(other.url()).search).toBe('?notice=password_changed')
  })

  it('magic sign-in: a scanner opening the link is not signed in and leaves it usable; the click signs in the other browser', { timeout: 120_000 }, async () => {
    const asker = await newPage()
    const email = newEmail()
    await signUp(asker, email)
    const { link } = await askForMail(asker, email, '/login', 'Email for a sign-in link', 'Email me a sign-in link')
    await accessible(asker, 'check-email sign-in')
    await scan(link)
    const other = await newPage()
    expect((await other.goto(link))?.status()).toBe(200)
    await accessible(other, 'sign-in link page')
    expect(await other.locator('main').innerText()).toMatch(/Sign in as c\*\*\*@example\.com/)
    await submit(other, 'Sign in')
    expect(await other.locator('main').innerText()).toContain(`Signed in as ${email}`)
  })

  it('confirm link: a double click and a refresh after success show the success again; another browser sees "used at"', { timeout: 120_000 }, async () => {
    const asker = await newPage()
    const email = newEmail()
    await asker.goto(base() + '/signup')
    await asker.getByLabel('Email address').fill(email)
    await asker.getByLabel('Password').fill(PASSWORD)
    await submit(asker, 'Create account')
    const mail = await waitForMail(asker, base(), email, 0, 15_000)
    const link = new RegExp(`${base()}/l/[A-Za-z0-9_-]+`).exec(mail.text)![0]

    const device = await newPage()
    await device.goto(link)
    await accessible(device, 'confirm link page')
    const answers: number[] = []
    device.on('response', (response) => {
      if (response.request().method() === 'POST') answers.push(response.status())
    })
    // A double click sends two POSTs; the browser aborts the first navigation for the second, so waiting for "the"
    // navigation races. Wait for the page the user ends up on instead.
    await device.getByRole('button', { name: 'Confirm my address' }).dblclick()
    await device.getByRole('heading', { level: 1, name: 'Address confirmed' }).waitFor({ timeout: 30_000 })
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
