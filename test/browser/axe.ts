import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const require = createRequire(import.meta.url)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation {
  readonly id: string
  readonly impact: string | null
  readonly help: string
  readonly targets: string[]
}

/**
 * Runs axe-core in the page as it is and returns its violations. The source goes in through
 * page.evaluate (DevTools protocol), which the page's CSP does not govern; a <script> tag would
 * be refused by `default-src 'self'`, as it should be.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Once per document: a second run on the same page (the other colour scheme) reuses it.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE)
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }))
  })
}

/** The violations the acceptance bar forbids. */
export const isBlocking = (violation: AxeViolation) => violation.impact === 'serious' || violation.impact === 'critical'
