import { describe, expect, it } from 'vitest'
import { startNodeTarget } from '../support/node-target.ts'
import { perSuite } from '../support/per-suite.ts'
import { sharedChromium } from './chromium.ts'
import { FLOW_PAGES, runForgotPasswordFlow } from './forgot-password-flow.ts'

const browser = sharedChromium()
// The server as `npm start` runs it: default scrypt cost, SQLite file, dev outbox.
const node = perSuite(() => startNodeTarget({ SLOTLINK_WORKERS: '1' }), (server) => server.stop())

describe('forgot password in Chromium, against the Node server', () => {
  it('signs up, forgets, resets through the mailed link and signs in; every page passes axe', { timeout: 120_000 }, async () => {
    const report = await runForgotPasswordFlow(node().target, { browser: browser(), screenshotDir: 'test-results/screenshots/node' })
    expect(report.pages.map((p) => p.name)).toEqual(FLOW_PAGES)
    const minor = report.pages.flatMap((p) => p.minorViolations.map((v) => `${p.name}: ${v.id} (${v.impact})`))
    if (minor.length > 0) console.info('minor accessibility findings:\n' + [...new Set(minor)].join('\n'))
  })
})
