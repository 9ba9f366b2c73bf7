/**
 * The demo's pages as a newcomer meets them (issue 19), in real Chromium against the Node server:
 * what they typed survives a refused post, focus lands on what went wrong, Back never asks to
 * resubmit a form, the reset page says whose password it resets, and every page passes axe in
 * light and dark. One server and one browser for the whole file.
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
const newEmail = () => `polish-${++nextUser}-${Date.now().toString(36)}@example.com`

/**
 * A fresh browser profile (another device). Console errors are collected on `consoleErrors`,
 * except Chromium's note that the page itself answered 4xx, which these pages do on purpose.
 */
async function newPage(options?: Parameters<Browser['newContext']>[0]): Promise<Page & { consoleErrors: string[] }> {
  const context = await browser.newContext(options)
  contexts.push(context)
  const page = Object.assign(await context.newPage(), { consoleErrors: [] as string[] })
  page.on('console', (message) => {
    const resource = message.location().url
    const documentStatus = resource === page.url() && /^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())
    if (message.type() === 'error' && !documentStatus) page.consoleErrors.push(`${resource}: ${message.text()}`)
  })
  return page
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
  await page.emulateMedia({ colorScheme: 'light' })
}

/** The element that has focus, as its role and text, to compare with the page's error notice. */
async function focused(page: Page) {
  return page.evaluate(() => ({ role: document.activeElement?.getAttribute('role') ?? document.activeElement?.tagName, text: (document.activeElement as HTMLElement | null)?.innerText ?? '' }))
}

/** Signs up in `page` and confirms by typing the mailed code there; ends signed in. */
async function signUp(page: Page, email: string, password = PASSWORD) {
  await page.goto(base() + '/signup')
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill(password)
  await submit(page, 'Create account')
  const mail = await waitForMail(page, base(), email, 0, 15_000)
  await page.getByLabel('Code from the mail').fill(codeFrom(mail.text))
  await submit(page, 'Confirm')
  assert.match(await page.locator('main').innerText(), /Signed in as/)
}

describe('demo pages in Chromium (Node server)', () => {
  it('a refused sign-up, sign-in or reset request keeps the typed address and focuses the error notice; sign-in shows progress, and works without JavaScript', { timeout: 180_000 }, async () => {
    const page = await newPage()
    const email = newEmail()

    await page.goto(base() + '/signup')
    await page.getByLabel('Email address').fill(email)
    await page.getByLabel('Password').fill('too short')
    expect((await submit(page, 'Create account'))?.status()).toBe(422)
    expect(await page.getByLabel('Email address').inputValue()).toBe(email)
    expect(await page.getByLabel('Password').inputValue()).toBe('')
    expect(await focused(page)).toEqual({ role: 'alert', text: 'Please correct the fields marked below.' })
    await accessible(page, 'signup error')

    await signUp(page, email)
    await submit(page, 'Sign out')
    await page.getByLabel('Email address').fill(email)
    await page.getByLabel('Password', { exact: true }).fill('not the password at all')
    expect((await submit(page, 'Sign in'))?.status()).toBe(401)
    expect(await page.getByLabel('Email address').inputValue()).toBe(email)
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('')
    expect((await focused(page)).text).toMatch(/do not match an account/)
    await accessible(page, 'login refused')

    await page.getByLabel('Email for a sign-in link').fill('not-an-address')
    expect((await submit(page, 'Email me a sign-in link'))?.status()).toBe(422)
    expect(await page.getByLabel('Email for a sign-in link').inputValue()).toBe('not-an-address')
    expect((await focused(page)).role).toBe('alert')

    // What the button goes through between the click and the next page, kept in sessionStorage
    // (which outlives the navigation in this tab) by an observer set up before the click.
    await page.getByLabel('Email address').fill(email)
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await page.evaluate(() => {
      const button = document.querySelector<HTMLButtonElement>('form[action="/login"] button')!
      const form = button.form!
      const note = () => {
        const seen = JSON.parse(sessionStorage.getItem('button-states') ?? '[]') as unknown[]
        seen.push({ text: button.textContent, disabled: button.disabled, busy: form.getAttribute('aria-busy') })
        sessionStorage.setItem('button-states', JSON.stringify(seen))
      }
      new MutationObserver(note).observe(form, { attributes: true, childList: true, characterData: true, subtree: true })
    })
    await submit(page, 'Sign in')
    expect(await page.locator('main').innerText()).toContain(`Signed in as ${email}`)
    const states = await page.evaluate(() => JSON.parse(sessionStorage.getItem('button-states') ?? '[]'))
    expect(states.at(-1)).toEqual({ text: 'Signing in…', disabled: true, busy: 'true' })

    const noScript = await newPage({ javaScriptEnabled: false })
    await noScript.goto(base() + '/login')
    await noScript.getByLabel('Email address').fill(email)
    await noScript.getByLabel('Password', { exact: true }).fill(PASSWORD)
    const answer = await submit(noScript, 'Sign in')
    expect(answer?.status()).toBe(200)
    expect(await noScript.locator('main').innerText()).toContain(`Signed in as ${email}`)

    await page.goto(base() + '/forgot')
    await page.getByLabel('Email address').fill('someone@@example.com')
    expect((await submit(page, 'Send me a reset link'))?.status()).toBe(422)
    expect(await page.getByLabel('Email address').inputValue()).toBe('someone@@example.com')
    expect((await focused(page)).role).toBe('alert')
    await accessible(page, 'forgot error')
    // No 404 for the icon either: Chromium asks for it on every page, and would log that.
    expect(page.consoleErrors).toEqual([])
  })

  it('/favicon.ico is a small icon, linked from every page', async () => {
    const page = await newPage()
    const icon = await page.request.get(base() + '/favicon.ico')
    expect(icon.status()).toBe(200)
    expect(icon.headers()['content-type']).toBe('image/x-icon')
    const bytes = await icon.body()
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0]) // an ICO header
    for (const path of ['/', '/login', '/l/not-a-link']) {
      await page.goto(base() + path)
      expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.ico')
    }
    expect(page.consoleErrors).toEqual([])
  })
})

describe('the reset page and what follows it, in Chromium', () => {
  it('names the account, offers its address to password managers, says when it expires in local time; Back after a refused then accepted reset asks for nothing; the other device is told why it was signed out', { timeout: 150_000 }, async () => {
    const email = newEmail()
    const page = await newPage({ timezoneId: 'Asia/Tokyo', locale: 'en-US' })
    await signUp(page, email)
    const otherDevice = await newPage()
    await otherDevice.goto(base() + '/login')
    await otherDevice.getByLabel('Email address').fill(email)
    await otherDevice.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await submit(otherDevice, 'Sign in')
    expect(await otherDevice.locator('main').innerText()).toContain(`Signed in as ${email}`)

    await submit(page, 'Sign out')
    await page.goto(base() + '/forgot')
    const before = (await mailTo(page, base(), email)).length
    await page.getByLabel('Email address').fill(email)
    await submit(page, 'Send me a reset link')
    const mail = await waitForMail(page, base(), email, before, 15_000)
    const link = new RegExp(`${base()}/l/[A-Za-z0-9_-]+`).exec(mail.text)![0]

    expect((await page.goto(link))?.status()).toBe(200)
    const main = page.locator('main')
    expect(await main.innerText()).toContain(`For the account ${email[0]}***@example.com.`)
    expect(await main.innerText()).not.toContain(email)
    const username = page.locator('input[autocomplete="username"]')
    expect(await username.getAttribute('value')).toBe(email)
    expect(await username.isHidden()).toBe(true)
    const expiresAt = new Date((await main.locator('time').getAttribute('datetime'))!)
    const minutes = Number(/expires in (\d+) minutes \(at /.exec(await main.innerText())?.[1])
    expect(Math.abs(minutes - (expiresAt.getTime() - Date.now()) / 60_000)).toBeLessThan(1.5)
    expect(await main.innerText()).toMatch(/signs you out everywhere, this browser too/)
    const time = main.locator('time')
    const tokyo = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }).format(new Date((await time.getAttribute('datetime'))!))
    await page.waitForFunction((expected) => document.querySelector('main time')?.textContent === expected, tokyo)
    await accessible(page, 'reset form')

    await page.getByLabel('New password', { exact: true }).fill('second password, also long')
    await page.getByLabel('New password, again').fill('second password, typo')
    expect((await submit(page, 'Set new password'))?.status()).toBe(422)
    expect((await focused(page)).role).toBe('alert')
    await accessible(page, 'reset refused')
    await page.getByLabel('New password', { exact: true }).fill('second password, also long')
    await page.getByLabel('New password, again').fill('second password, also long')
    await submit(page, 'Set new password')
    expect(new URL(page.url()).search).toBe('?notice=password_changed')

    // Back lands on the refused form's address, asked for again: the link is spent, so its page says so.
    const back = await page.goBack()
    expect(back?.request().method()).toBe('GET')
    expect(back?.status()).toBe(410)
    expect(await page.locator('h1').innerText()).toBe('This link has already been used')
    await accessible(page, 'link used after Back')

    // The other device was signed out by the reset, and its next page says why.
    const home = await otherDevice.reload()
    expect(new URL(otherDevice.url()).pathname + new URL(otherDevice.url()).search).toBe('/login?notice=session_ended')
    expect(home?.status()).toBe(200)
    expect(await otherDevice.getByRole('status').innerText()).toMatch(/You were signed out.*password of the account is changed/)
    await accessible(otherDevice, 'signed out elsewhere')
    // Said once: the cookie is gone, so the start page is the plain welcome again.
    await otherDevice.goto(base() + '/')
    expect(await otherDevice.locator('h1').innerText()).toBe('Welcome')
    expect([...page.consoleErrors, ...otherDevice.consoleErrors]).toEqual([])
  })

  it('the code typed in the browser redirects to the reset link page (post-redirect-get); Back afterwards asks for nothing', { timeout: 120_000 }, async () => {
    const email = newEmail()
    const page = await newPage()
    await signUp(page, email)
    await submit(page, 'Sign out')
    await page.goto(base() + '/forgot')
    await page.getByLabel('Email address').fill(email)
    await submit(page, 'Send me a reset link')
    const mail = await waitForMail(page, base(), email, 1, 15_000)
    await page.getByLabel('Code from the mail').fill('ZZZZ-ZZZZ' === codeFrom(mail.text) ? 'YYYY-YYYY' : 'ZZZZ-ZZZZ')
    expect((await submit(page, 'Continue'))?.status()).toBe(422)
    await page.getByLabel('Code from the mail').fill(codeFrom(mail.text))
    const form = await submit(page, 'Continue')
    expect(form?.status()).toBe(200)
    expect(new URL(page.url()).pathname).toMatch(/^\/l\/[A-Za-z0-9_-]+$/)
    expect(await page.locator('main').innerText()).toContain(`For the account ${email[0]}***@example.com.`)
    await page.getByLabel('New password', { exact: true }).fill('password set after the code')
    await page.getByLabel('New password, again').fill('password set after the code')
    await submit(page, 'Set new password')
    expect(new URL(page.url()).search).toBe('?notice=password_changed')
    const toLink = await page.goBack()
    expect(toLink?.request().method()).toBe('GET')
    expect(new URL(page.url()).pathname).toMatch(/^\/l\//)
    expect(toLink?.status()).toBe(410)
    // The refused code's page, asked for again: the ticket is spent, so it is the request form.
    const toCodeForm = await page.goBack()
    expect(toCodeForm?.request().method()).toBe('GET')
    expect(new URL(page.url()).pathname).toBe('/forgot')
    expect(page.consoleErrors).toEqual([])
  })
})

describe('links the demo has no page for, in Chromium', () => {
  /** Mints a link through the API, as a backend would. */
  async function mint(page: Page, purpose: string, subject: string): Promise<string> {
    const response = await page.request.post(base() + '/api/links', {
      headers: { authorization: `Bearer ${node.target.apiKey}` },
      data: { purpose, subject, ttl: 600 },
    })
    expect(response.status()).toBe(201)
    return ((await response.json()) as { url: string }).url
  }

  it('an unknown purpose is named in words on its page, its button and its success; a spent one offers a next step', { timeout: 120_000 }, async () => {
    const page = await newPage()
    const url = await mint(page, 'delete_account', 'user_123')
    expect((await page.goto(url))?.status()).toBe(200)
    expect(await page.locator('h1').innerText()).toBe('Delete account')
    await accessible(page, 'unknown purpose')
    await submit(page, 'Delete account')
    expect(await page.getByRole('status').innerText()).toBe('Delete account: done, your link worked. You can close this page.')
    await accessible(page, 'unknown purpose done')

    const other = await newPage()
    expect((await other.goto(url))?.status()).toBe(410)
    const next = other.getByRole('link', { name: 'Go to the start page' })
    expect(await next.getAttribute('href')).toBe('/')
    expect(await other.locator('main').innerText()).not.toMatch(/go back to the site/i)
    await accessible(other, 'unknown purpose used')
    expect([...page.consoleErrors, ...other.consoleErrors]).toEqual([])
  })

  it("a reset_password link for a subject that is no demo account (the README's example) gets the plain page, not the demo's form", { timeout: 60_000 }, async () => {
    const page = await newPage()
    const url = await mint(page, 'reset_password', 'user_123')
    await page.goto(url)
    expect(await page.locator('h1').innerText()).toBe('Reset password')
    expect(await page.getByLabel('New password', { exact: true }).count()).toBe(0)
    await submit(page, 'Reset password')
    expect(await page.getByRole('status').innerText()).toMatch(/^Reset password: done/)
  })
})
