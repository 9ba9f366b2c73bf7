import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { startNodeTarget, TEST_API_KEY } from '../support/node-target.ts'
import { perSuite } from '../support/per-suite.ts'
import { axeViolations, isBlocking } from './axe.ts'
import { sharedChromium } from './chromium.ts'
import { overflowing } from './overflow.ts'

const browser = sharedChromium()
const node = perSuite(() => startNodeTarget({ SLOTLINK_WORKERS: '1' }), (server) => server.stop())

const SCREENSHOTS = 'test-results/screenshots/i18n'

/** A link minted through the API, as a host app would. */
async function mint(data: Record<string, string> | null = null): Promise<{ url: string; token: string }> {
  const response = await fetch(`${node().target.baseUrl}/api/links`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ purpose: 'newsletter_opt_in', subject: `reader-${crypto.randomUUID()}`, ttl: 900, data }),
  })
  expect(response.status).toBe(201)
  return (await response.json()) as { url: string; token: string }
}

async function expectAxeClean(page: Page) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    expect((await axeViolations(page)).filter(isBlocking), colorScheme).toEqual([])
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

describe('pages and mail in the reader language, in Chromium against the Node server', () => {
  it('a German browser (Accept-Language de) sees a link page in German, its time local and German', { timeout: 60_000 }, async () => {
    const context = await browser().newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' })
    try {
      const page = await context.newPage()
      const { url } = await mint()
      const response = await page.goto(url)
      expect(response?.status()).toBe(200)
      expect(await page.locator('html').getAttribute('lang')).toBe('de')
      await expect.poll(() => page.locator('h1').innerText()).toBe('Bestätigen')
      expect(await page.locator('main p').first().innerText()).toMatch(/^Dieser Link ist bereit\. Er funktioniert einmal und läuft am .+ ab\.$/)
      // The script made the UTC fallback local (Berlin) and German.
      const when = new Date((await page.locator('time').getAttribute('datetime'))!)
      const berlin = new Intl.DateTimeFormat('de', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(when)
      expect(berlin).toMatch(/^\d\d\.\d\d\.\d{4}, \d\d:\d\d$/)
      await expect.poll(() => page.locator('time').innerText()).toBe(berlin)
      expect(await page.getByRole('button', { name: 'Bestätigen' }).count()).toBe(1)
      await expectAxeClean(page)
      await page.screenshot({ path: `${SCREENSHOTS}/link-page-de.png`, fullPage: true })

      // Used up, the same link's page says so in German, with the German next step.
      const [done] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Bestätigen' }).click()])
      expect(done?.status()).toBe(200)
      expect(await page.locator('main').innerText()).toContain('Ihr Link hat funktioniert.')
      const used = await page.goto(url)
      expect(used?.status()).toBe(410)
      expect(await page.locator('h1').innerText()).toBe('Dieser Link wurde schon benutzt')
      await expectAxeClean(page)
    } finally {
      await context.close()
    }
  })

  it('a link minted with data.locale de shows German in an English browser: its page matches its mail', { timeout: 60_000 }, async () => {
    const context = await browser().newContext({ locale: 'en-US' })
    try {
      const page = await context.newPage()
      const { url } = await mint({ locale: 'de' })
      await page.goto(url)
      expect(await page.locator('html').getAttribute('lang')).toBe('de')
      expect(await page.locator('h1').innerText()).toBe('Bestätigen')
    } finally {
      await context.close()
    }
  })

  it('a sign-up from a German browser gets its mail in German, and the link keeps the locale', { timeout: 90_000 }, async () => {
    const context = await browser().newContext({ locale: 'de-DE' })
    try {
      const page = await context.newPage()
      const email = `de-${crypto.randomUUID().slice(0, 8)}@example.com`
      await page.goto(`${node().target.baseUrl}/signup`)
      await page.locator('input[name="email"]').fill(email)
      await page.locator('input[name="password"]').fill('ein langes Passwort, 42')
      await Promise.all([page.waitForNavigation(), page.locator('main form button[type="submit"]').click()])

      type OutboxItem = { to: string; subject: string; text: string; html: string }
      let mail: OutboxItem | undefined
      await expect
        .poll(async () => {
          const outbox = (await (await page.request.get(`${node().target.baseUrl}/dev/outbox.json`)).json()) as OutboxItem[]
          mail = outbox.find((item) => item.to === email)
          return mail !== undefined
        }, { timeout: 20_000 })
        .toBe(true)
      expect(mail!.subject).toBe('Bestätigen Sie Ihre slotlink-Adresse')
      expect(mail!.text).toContain('Um die Adresse zu bestätigen, öffnen Sie diesen Link und drücken Sie den Knopf:')
      expect(mail!.text).toMatch(/in 1440 Minuten ab/)

      // The mail as a mail client shows it: German, and as accessible as the pages.
      await page.goto('about:blank')
      await page.setContent(mail!.html)
      expect(await page.locator('html').getAttribute('lang')).toBe('de')
      expect(await page.getByRole('link').innerText()).toBe('Meine Adresse bestätigen')
      await expectAxeClean(page)
      await page.screenshot({ path: `${SCREENSHOTS}/confirm-mail-de.png`, fullPage: true })

      const token = /\/l\/([A-Za-z0-9_-]+)/.exec(mail!.text)![1]!
      const peeked = await fetch(`${node().target.baseUrl}/api/links/${token}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } })
      expect(((await peeked.json()) as { data: unknown }).data).toMatchObject({ locale: 'de' })
    } finally {
      await context.close()
    }
  })

  it.each([
    ['phone', 360],
    ['desktop', 1024],
  ])('the pseudo-locale specimen (/dev/pseudo-locale) lays out right to left without overflow on a %s', { timeout: 60_000 }, async (name, width) => {
    const context = await browser().newContext({ viewport: { width, height: 800 } })
    try {
      const page = await context.newPage()
      expect((await page.goto(`${node().target.baseUrl}/dev/pseudo-locale`))?.status()).toBe(200)
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl')
      expect(await overflowing(page)).toEqual([])
      // Logical properties at work: the notice's accent bar is on the right, where a line starts.
      const bar = await page.locator('.notice.ok').evaluate((el) => ({ right: getComputedStyle(el).borderRightWidth, left: getComputedStyle(el).borderLeftWidth }))
      expect(bar).toEqual({ right: '4px', left: '0px' })
      // The brand leads on the right, the nav follows to its left; table headers start on the right.
      const brand = await page.locator('.brand').boundingBox()
      const nav = await page.locator('header nav').boundingBox()
      if (width > 600) expect(brand!.x).toBeGreaterThan(nav!.x)
      const header = await page.locator('th').first().evaluate((th) => {
        const range = document.createRange()
        range.selectNodeContents(th)
        const text = range.getBoundingClientRect()
        const cell = th.getBoundingClientRect()
        return { textRight: text.right, cellRight: cell.right, cellWidth: cell.width, textWidth: text.width }
      })
      expect(header.cellRight - header.textRight).toBeLessThan(10)
      await expectAxeClean(page)
      await page.screenshot({ path: `${SCREENSHOTS}/pseudo-locale-${name}.png`, fullPage: true })
      // The check can fail: a box wider than the screen is found.
      await page.locator('main').evaluate((main) => main.insertAdjacentHTML('beforeend', '<input aria-label="wide" size="400">'))
      expect((await overflowing(page)).some((finding) => finding.startsWith('input spans'))).toBe(true)
    } finally {
      await context.close()
    }
  })

  it('a real link page and its 410 page in the pseudo-locale (?lang=ar-XB): right to left, nothing overflows', { timeout: 60_000 }, async () => {
    const context = await browser().newContext({ viewport: { width: 360, height: 800 } })
    try {
      const page = await context.newPage()
      const { url, token } = await mint()
      await page.goto(`${url}?lang=ar-XB`)
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl')
      expect(await page.locator('h1').innerText()).toBe('⟦Çóóñƒííŕɱ⟧')
      expect(await overflowing(page)).toEqual([])
      await page.screenshot({ path: `${SCREENSHOTS}/link-page-pseudo.png`, fullPage: true })
      await fetch(`${node().target.baseUrl}/api/links/consume`, { method: 'POST', headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ token }) })
      expect((await page.goto(`${url}?lang=ar-XB`))?.status()).toBe(410)
      expect(await overflowing(page)).toEqual([])
      await expectAxeClean(page)
      await page.screenshot({ path: `${SCREENSHOTS}/link-used-pseudo.png`, fullPage: true })
    } finally {
      await context.close()
    }
  })
})
