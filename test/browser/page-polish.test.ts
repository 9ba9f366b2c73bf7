/**
 * The demo's pages as a newcomer meets them (issue 19), in real Chromium, on both runtimes (the
 * Node server and the worker on workerd) and in both languages, one body of tests for all: what
 * they typed survives a refused post, focus lands on what went wrong, Back never asks to resubmit a
 * form, the reset page says whose password it resets, and every page passes axe in light and dark
 * and overflows nothing. The words are the catalogues' own, so the German run reads German.
 *
 * One browser for the file and one server per runtime, shared by both languages (each test signs
 * up its own addresses, within the demo's per-client limits). PAGE_SCREENSHOTS=<dir> keeps a
 * screenshot of every page checked, in both schemes, to look at.
 */
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { Locale } from '../../src/core/i18n/locale.ts'
import { pageMessages } from '../../src/core/pages/page-messages.ts'
import { demoPageMessages } from '../../src/demo/demo-page-messages.ts'
import type { ContractTarget } from '../contract/api-contract.ts'
import { startEdgeTarget } from '../support/edge-target.ts'
import { startNodeTarget } from '../support/node-target.ts'
import { perSuite } from '../support/per-suite.ts'
import { axeViolations, isBlocking } from './axe.ts'
import { contextsClosedAfterEachTest, sharedChromium } from './chromium.ts'
import { codeFrom, mailTo, waitForMail } from './forgot-password-flow.ts'
import { overflowing } from './overflow.ts'

type Running = { target: ContractTarget; stop(): Promise<void> }
/** The page locale and the browser locale that asks for it (Accept-Language). */
const ENGLISH: [Locale, string] = ['en', 'en-US']
const GERMAN: [Locale, string] = ['de', 'de-DE']
/**
 * English on Node, German on workerd (which also proves the edge picks the language from
 * Accept-Language): the pages are the same core and demo code on both runtimes, and each pass
 * costs ~50 s of a CI run with a 20-minute budget. `PAGE_LOCALES=all` runs both everywhere.
 */
const BOTH = process.env.PAGE_LOCALES === 'all'
const RUNTIMES: [string, string, () => Promise<Running>, [Locale, string][]][] = [
  ['the Node server', 'node', () => startNodeTarget({ SLOTLINK_WORKERS: '1' }), BOTH ? [ENGLISH, GERMAN] : [ENGLISH]],
  ['the Workers runtime (workerd)', 'workerd', () => startEdgeTarget({ NODE_ENV: 'development' }), BOTH ? [ENGLISH, GERMAN] : [GERMAN]],
]
/** Generous, for a machine busy with other work: waits end early when the page is there. */
const WAIT_MS = 60_000
const SCREENSHOTS = process.env.PAGE_SCREENSHOTS

const PASSWORD = 'first password, long enough'
const browser = sharedChromium()

/** A message as plain text, its tags reduced to their words. */
function plain(locale: Locale, key: Parameters<ReturnType<typeof demoPageMessages>['text']>[0], values: Record<string, string | number> = {}): string {
  const tags = (chunks: unknown[]) => chunks.join('')
  return demoPageMessages(locale).text(key, { strong: tags, forgot: tags, signup: tags, signIn: tags, ...values } as never)
}
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

describe.each(RUNTIMES)('demo pages in Chromium, on %s', (_, runtime, start, locales) => {
  const server = perSuite(start, (running) => running.stop(), 180_000)
  const newContext = contextsClosedAfterEachTest(browser, WAIT_MS)
  const base = () => server().target.baseUrl

  describe.each(locales)('in %s', (locale, browserLocale) => {
    const t = demoPageMessages(locale)
    const core = pageMessages(locale)
    const say = (key: Parameters<typeof t.text>[0]) => t.text(key)
    let nextUser = 0
    const newEmail = () => `polish-${runtime}-${locale}-${++nextUser}-${Date.now().toString(36)}@example.com`

    /**
     * A fresh browser profile (another device) asking for this locale. Console errors are collected
     * on `consoleErrors`, except Chromium's note that the page itself answered 4xx, which these pages
     * do on purpose.
     */
    async function newPage(options?: Parameters<Browser['newContext']>[0]): Promise<Page & { consoleErrors: string[] }> {
      const context = await newContext({ locale: browserLocale, ...options })
      const page = Object.assign(await context.newPage(), { consoleErrors: [] as string[] })
      page.on('console', (message) => {
        const resource = message.location().url
        const documentStatus = resource === page.url() && /^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())
        if (message.type() === 'error' && !documentStatus) page.consoleErrors.push(`${resource}: ${message.text()}`)
      })
      return page
    }

    async function submit(page: Page, button: string) {
      const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button, exact: true }).click()])
      return response
    }

    /** In the page's language, with no serious or critical axe findings and nothing overflowing, in light and dark. */
    async function accessible(page: Page, name: string) {
      assert.equal(await page.locator('html').getAttribute('lang'), locale, name)
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme })
        assert.deepEqual((await axeViolations(page)).filter(isBlocking), [], `${name} (${colorScheme})`)
        if (SCREENSHOTS) {
          mkdirSync(SCREENSHOTS, { recursive: true })
          await page.screenshot({ path: `${SCREENSHOTS}/${runtime}-${locale}-${name.replace(/\W+/g, '-')}-${colorScheme}.png`, fullPage: true })
        }
      }
      assert.deepEqual(await overflowing(page), [], `${name}: overflow`)
      await page.emulateMedia({ colorScheme: 'light' })
    }

    /** The element that has focus, as its role and text, to compare with the page's error notice. */
    async function focused(page: Page) {
      return page.evaluate(() => ({ role: document.activeElement?.getAttribute('role') ?? document.activeElement?.tagName, text: (document.activeElement as HTMLElement | null)?.innerText ?? '' }))
    }

    /** A purpose's action on the core's own page: its name in words in English, else the locale's "Confirm" (purpose names are English). */
    const actionOf = (words: string) => (locale === 'en' ? words : core.text('confirm.title'))
    const signedInAs = (email: string) => plain(locale, 'home.signedInAs', { email })

    /** Signs up in `page` and confirms by typing the mailed code there; ends signed in. */
    async function signUp(page: Page, email: string, password = PASSWORD) {
      await page.goto(base() + '/signup')
      await page.getByLabel(say('field.email'), { exact: true }).fill(email)
      await page.getByLabel(say('field.password')).fill(password)
      await submit(page, say('signup.submit'))
      const mail = await waitForMail(page, base(), email, 0, WAIT_MS)
      await page.getByLabel(say('code.label')).fill(codeFrom(mail.text))
      await submit(page, say('confirmCheck.submit'))
      assert.ok((await page.locator('main').innerText()).includes(signedInAs(email)))
    }

    describe('the forms', () => {
      it('a refused sign-up, sign-in or reset request keeps the typed address and focuses the error notice; sign-in shows progress, and works without JavaScript', { timeout: 180_000 }, async () => {
        const page = await newPage()
        const email = newEmail()

        await page.goto(base() + '/signup')
        await page.getByLabel(say('field.email'), { exact: true }).fill(email)
        await page.getByLabel(say('field.password')).fill('too short')
        expect((await submit(page, say('signup.submit')))?.status()).toBe(422)
        expect(await page.getByLabel(say('field.email'), { exact: true }).inputValue()).toBe(email)
        expect(await page.getByLabel(say('field.password')).inputValue()).toBe('')
        expect(await focused(page)).toEqual({ role: 'alert', text: say('field.summary') })
        await accessible(page, 'signup error')

        await signUp(page, email)
        await submit(page, say('nav.signOut'))
        await page.getByLabel(say('field.email'), { exact: true }).fill(email)
        await page.getByLabel(say('field.password'), { exact: true }).fill('not the password at all')
        expect((await submit(page, say('login.submit')))?.status()).toBe(401)
        expect(await page.getByLabel(say('field.email'), { exact: true }).inputValue()).toBe(email)
        expect(await page.getByLabel(say('field.password'), { exact: true }).inputValue()).toBe('')
        expect((await focused(page)).text).toBe(plain(locale, 'login.failed'))
        await accessible(page, 'login refused')

        await page.getByLabel(say('login.linkEmail')).fill('not-an-address')
        expect((await submit(page, say('login.linkSubmit')))?.status()).toBe(422)
        expect(await page.getByLabel(say('login.linkEmail')).inputValue()).toBe('not-an-address')
        expect((await focused(page)).role).toBe('alert')

        // What the button goes through between the click and the next page, kept in sessionStorage
        // (which outlives the navigation in this tab) by an observer set up before the click.
        await page.getByLabel(say('field.email'), { exact: true }).fill(email)
        await page.getByLabel(say('field.password'), { exact: true }).fill(PASSWORD)
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
        await submit(page, say('login.submit'))
        expect(await page.locator('main').innerText()).toContain(signedInAs(email))
        const states = await page.evaluate(() => JSON.parse(sessionStorage.getItem('button-states') ?? '[]'))
        expect(states.at(-1)).toEqual({ text: say('login.busyLabel'), disabled: true, busy: 'true' })

        const noScript = await newPage({ javaScriptEnabled: false })
        await noScript.goto(base() + '/login')
        await noScript.getByLabel(say('field.email'), { exact: true }).fill(email)
        await noScript.getByLabel(say('field.password'), { exact: true }).fill(PASSWORD)
        const answer = await submit(noScript, say('login.submit'))
        expect(answer?.status()).toBe(200)
        expect(await noScript.locator('main').innerText()).toContain(signedInAs(email))

        await page.goto(base() + '/forgot')
        await page.getByLabel(say('field.email'), { exact: true }).fill('someone@@example.com')
        expect((await submit(page, say('forgot.submit')))?.status()).toBe(422)
        expect(await page.getByLabel(say('field.email'), { exact: true }).inputValue()).toBe('someone@@example.com')
        expect((await focused(page)).role).toBe('alert')
        await accessible(page, 'forgot error')
        // No 404 for the icon either: Chromium asks for it on every page, and would log that.
        expect(page.consoleErrors).toEqual([])
      })

      // The icon is the same in every language: checked once per runtime, in its first locale.
      if (locale === locales[0]![0])
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

    describe('the reset page and what follows it', () => {
      it('names the account, offers its address to password managers, says when it expires in local time; Back after a refused then accepted reset asks for nothing; the other device is told why it was signed out', { timeout: 150_000 }, async () => {
        const email = newEmail()
        const page = await newPage({ timezoneId: 'Asia/Tokyo' })
        await signUp(page, email)
        const otherDevice = await newPage()
        await otherDevice.goto(base() + '/login')
        await otherDevice.getByLabel(say('field.email'), { exact: true }).fill(email)
        await otherDevice.getByLabel(say('field.password'), { exact: true }).fill(PASSWORD)
        await submit(otherDevice, say('login.submit'))
        expect(await otherDevice.locator('main').innerText()).toContain(signedInAs(email))

        await submit(page, say('nav.signOut'))
        await page.goto(base() + '/forgot')
        const before = (await mailTo(page, base(), email)).length
        await page.getByLabel(say('field.email'), { exact: true }).fill(email)
        await submit(page, say('forgot.submit'))
        const mail = await waitForMail(page, base(), email, before, 15_000)
        const link = new RegExp(`${base()}/l/[A-Za-z0-9_-]+`).exec(mail.text)![0]

        expect((await page.goto(link))?.status()).toBe(200)
        const main = page.locator('main')
        expect(await main.innerText()).toContain(plain(locale, 'reset.forAccount', { maskedEmail: `${email[0]}***@example.com` }))
        expect(await main.innerText()).not.toContain(email)
        const username = page.locator('input[autocomplete="username"]')
        expect(await username.getAttribute('value')).toBe(email)
        expect(await username.isHidden()).toBe(true)
        const expiresAt = new Date((await main.locator('time').getAttribute('datetime'))!)
        const [beforeWait, afterWait] = t.text('reset.expiry', { wait: '\u0000', at: '\u0001' }).split(/\u0000|\u0001/)
        const minutes = Number(new RegExp(`${escapeRegExp(beforeWait!)}(\\d+) \\S+${escapeRegExp(afterWait!)}`).exec(await main.innerText())?.[1])
        expect(Math.abs(minutes - (expiresAt.getTime() - Date.now()) / 60_000)).toBeLessThan(1.5)
        expect(await main.innerText()).toContain(t.text('reset.expiry', { wait: '', at: '' }).split(').')[1]!.trim())
        const time = main.locator('time')
        const tokyo = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }).format(new Date((await time.getAttribute('datetime'))!))
        await page.waitForFunction((expected) => document.querySelector('main time')?.textContent === expected, tokyo)
        await accessible(page, 'reset form')

        await page.getByLabel(say('field.newPassword'), { exact: true }).fill('second password, also long')
        await page.getByLabel(say('field.newPasswordAgain')).fill('second password, typo')
        expect((await submit(page, say('reset.submit')))?.status()).toBe(422)
        expect((await focused(page)).role).toBe('alert')
        await accessible(page, 'reset refused')
        await page.getByLabel(say('field.newPassword'), { exact: true }).fill('second password, also long')
        await page.getByLabel(say('field.newPasswordAgain')).fill('second password, also long')
        await submit(page, say('reset.submit'))
        expect(new URL(page.url()).search).toBe('?notice=password_changed')

        // Back lands on the refused form's address, asked for again: the link is spent, so its page says so.
        const back = await page.goBack()
        expect(back?.request().method()).toBe('GET')
        expect(back?.status()).toBe(410)
        expect(await page.locator('h1').innerText()).toBe(core.text('problem.used.title'))
        await accessible(page, 'link used after Back')

        // The other device was signed out by the reset, and its next page says why.
        const home = await otherDevice.reload()
        expect(new URL(otherDevice.url()).pathname + new URL(otherDevice.url()).search).toBe('/login?notice=session_ended')
        expect(home?.status()).toBe(200)
        expect(await otherDevice.getByRole('status').innerText()).toBe(say('notice.session_ended'))
        await accessible(otherDevice, 'signed out elsewhere')
        // Said once: the cookie is gone, so the start page is the plain welcome again.
        await otherDevice.goto(base() + '/')
        expect(await otherDevice.locator('h1').innerText()).toBe(say('welcome.title'))
        expect([...page.consoleErrors, ...otherDevice.consoleErrors]).toEqual([])
      })

      it('the code typed in the browser redirects to the reset link page (post-redirect-get); Back afterwards asks for nothing', { timeout: 120_000 }, async () => {
        const email = newEmail()
        const page = await newPage()
        await signUp(page, email)
        await submit(page, say('nav.signOut'))
        await page.goto(base() + '/forgot')
        await page.getByLabel(say('field.email'), { exact: true }).fill(email)
        await submit(page, say('forgot.submit'))
        const mail = await waitForMail(page, base(), email, 1, 15_000)
        await page.getByLabel(say('code.label')).fill('ZZZZ-ZZZZ' === codeFrom(mail.text) ? 'YYYY-YYYY' : 'ZZZZ-ZZZZ')
        expect((await submit(page, say('checkEmail.submit')))?.status()).toBe(422)
        await page.getByLabel(say('code.label')).fill(codeFrom(mail.text))
        const form = await submit(page, say('checkEmail.submit'))
        expect(form?.status()).toBe(200)
        expect(new URL(page.url()).pathname).toMatch(/^\/l\/[A-Za-z0-9_-]+$/)
        expect(await page.locator('main').innerText()).toContain(plain(locale, 'reset.forAccount', { maskedEmail: `${email[0]}***@example.com` }))
        await page.getByLabel(say('field.newPassword'), { exact: true }).fill('password set after the code')
        await page.getByLabel(say('field.newPasswordAgain')).fill('password set after the code')
        await submit(page, say('reset.submit'))
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

    describe('links the demo has no page for', () => {
      /** Mints a link through the API, as a backend would. */
      async function mint(page: Page, purpose: string, subject: string): Promise<string> {
        const response = await page.request.post(base() + '/api/links', {
          headers: { authorization: `Bearer ${server().target.apiKey}` },
          data: { purpose, subject, ttl: 600 },
        })
        expect(response.status()).toBe(201)
        return ((await response.json()) as { url: string }).url
      }

      it('an unknown purpose is named in words on its page, its button and its success; a spent one offers a next step', { timeout: 120_000 }, async () => {
        const page = await newPage()
        const url = await mint(page, 'delete_account', 'user_123')
        expect((await page.goto(url))?.status()).toBe(200)
        expect(await page.locator('h1').innerText()).toBe(actionOf('Delete account'))
        await accessible(page, 'unknown purpose')
        await submit(page, actionOf('Delete account'))
        expect(await page.getByRole('status').innerText()).toBe(core.text('done.text', { action: actionOf('Delete account') }))
        await accessible(page, 'unknown purpose done')

        const other = await newPage()
        expect((await other.goto(url))?.status()).toBe(410)
        const next = other.getByRole('link', { name: core.text('renew.elsewhere', { start: (chunks: unknown[]) => chunks.join('') } as never).split('. ').at(-1)!.trim() })
        expect(await next.getAttribute('href')).toBe('/')
        expect(await other.locator('main').innerText()).not.toMatch(/go back to the site/i)
        await accessible(other, 'unknown purpose used')
        expect([...page.consoleErrors, ...other.consoleErrors]).toEqual([])
      })

      it("a reset_password link for a subject that is no demo account (the README's example) gets the plain page, not the demo's form", { timeout: 60_000 }, async () => {
        const page = await newPage()
        const url = await mint(page, 'reset_password', 'user_123')
        await page.goto(url)
        expect(await page.locator('h1').innerText()).toBe(actionOf('Reset password'))
        expect(await page.getByLabel(say('field.newPassword'), { exact: true }).count()).toBe(0)
        await submit(page, actionOf('Reset password'))
        expect(await page.getByRole('status').innerText()).toBe(core.text('done.text', { action: actionOf('Reset password') }))
      })
    })
  })
})
