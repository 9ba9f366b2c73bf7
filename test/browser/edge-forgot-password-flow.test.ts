import { describe, expect, it } from 'vitest'
import { startEdgeTarget } from '../support/edge-target.ts'
import { perSuite } from '../support/per-suite.ts'
import { sharedChromium } from './chromium.ts'
import { FLOW_PAGES, runForgotPasswordFlow } from './forgot-password-flow.ts'

const browser = sharedChromium()
// The worker as `npm run edge:dev` runs it: D1 migrated, PBKDF2 at 100,000 iterations, dev outbox.
const edge = perSuite(() => startEdgeTarget({ NODE_ENV: 'development' }), (worker) => worker.stop())

describe('forgot password in Chromium, against the worker on workerd', () => {
  it('signs up, forgets, resets through the mailed link and signs in; every page passes axe', { timeout: 120_000 }, async () => {
    const report = await runForgotPasswordFlow(edge().target, { browser: browser(), screenshotDir: 'test-results/screenshots/edge' })
    expect(report.pages.map((p) => p.name)).toEqual(FLOW_PAGES)
  })
})
