import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEdgeTarget, type EdgeTarget } from '../support/edge-target.ts'
import { launchChromium } from './chromium.ts'
import { FLOW_PAGES, runForgotPasswordFlow } from './forgot-password-flow.ts'

let browser: Browser
let edge: EdgeTarget
beforeAll(async () => {
  browser = await launchChromium()
  // The worker as `npm run edge:dev` runs it: D1 migrated, PBKDF2 at 100,000 iterations, dev outbox.
  edge = await startEdgeTarget({ NODE_ENV: 'development' })
})
afterAll(async () => {
  await browser?.close()
  await edge?.stop()
})

describe('forgot password in Chromium, against the worker on workerd', () => {
  it('signs up, forgets, resets through the mailed link and signs in; every page passes axe', { timeout: 120_000 }, async () => {
    const report = await runForgotPasswordFlow(edge.target, { browser, screenshotDir: 'test-results/screenshots/edge' })
    expect(report.pages.map((p) => p.name)).toEqual(FLOW_PAGES)
  })
})
