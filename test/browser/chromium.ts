import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { afterEach } from 'vitest'
import { perSuite } from '../support/per-suite.ts'

/** Debian's Chromium (`apt-get install chromium`); playwright cannot download its own browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Headless Chromium as the project's CI runs it: no sandbox (containers), no GPU, no background traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

/** One Chromium for the tests of the enclosing file or `describe`, launched before them and closed after. */
export function sharedChromium(): () => Browser {
  return perSuite(launchChromium, (browser) => browser.close())
}

/**
 * Opens fresh browser profiles (other devices, as far as the server can tell) for the tests of the
 * enclosing suite, each waiting up to `waitMs` for a page or element. Each test's contexts are
 * closed after it, so a busy machine does not carry a dozen idle ones.
 */
export function contextsClosedAfterEachTest(browser: () => Browser, waitMs: number): (options?: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext> {
  const open: BrowserContext[] = []
  afterEach(async () => {
    for (const context of open.splice(0)) await context.close()
  })
  return async (options) => {
    const context = await browser().newContext(options)
    context.setDefaultTimeout(waitMs)
    context.setDefaultNavigationTimeout(waitMs)
    open.push(context)
    return context
  }
}
