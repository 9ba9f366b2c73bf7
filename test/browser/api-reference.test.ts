import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ContractTarget } from '../contract/api-contract.ts'
import { startEdgeTarget } from '../support/edge-target.ts'
import { startNodeTarget } from '../support/node-target.ts'
import { sharedChromium } from './chromium.ts'

const browser = sharedChromium()

/** The same page on both runtimes: Node reads Scalar's bundle from node_modules, the worker has it bundled as text. */
const RUNTIMES: [string, string, () => Promise<{ target: ContractTarget; stop(): Promise<void> }>][] = [
  ['the Node server', 'node', () => startNodeTarget({ SLOTLINK_WORKERS: '1' })],
  ['the Workers runtime (workerd)', 'edge', () => startEdgeTarget()],
]

type Doc = { paths: Record<string, Record<string, { summary: string }>> }

/** Opens /docs, recording console errors, CSP violations, failed loads and any request that leaves this origin. */
async function openReference(page: Page, baseUrl: string) {
  const problems: string[] = []
  const offOrigin: string[] = []
  page.on('console', (m) => m.type() === 'error' && !m.location().url.endsWith('/favicon.ico') && problems.push(`console: ${m.text()} ${m.location().url}`))
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('requestfinished', async (r) => {
    const status = (await r.response())?.status() ?? 0
    // /favicon.ico is every page's 404 until the pages work of issue 19 lands; not this page's doing.
    if (status >= 400 && new URL(r.url()).pathname !== '/favicon.ico') problems.push(`${status} ${r.url()}`)
  })
  page.on('request', (r) => !r.url().startsWith(baseUrl) && !r.url().startsWith('data:') && offOrigin.push(r.url()))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`))
  })
  const res = await page.goto(`${baseUrl}/docs`)
  expect(res?.status()).toBe(200)
  return { problems, offOrigin }
}

describe.each(RUNTIMES)('/docs in Chromium, on %s', (_, slug, start) => {
  let node: { target: ContractTarget; stop(): Promise<void> }
  beforeAll(async () => {
    node = await start()
  }, 120_000)
  afterAll(() => node?.stop())

  it('renders every operation of /openapi.json from this origin, with no console error or CSP violation', { timeout: 90_000 }, async () => {
    const page = await browser().newPage()
    const { problems, offOrigin } = await openReference(page, node.target.baseUrl)
    const doc = (await (await fetch(`${node.target.baseUrl}/openapi.json`)).json()) as Doc
    const summaries = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.summary))
    expect(summaries.length).toBeGreaterThanOrEqual(5)
    // Each operation is listed in the sidebar, and choosing it shows its section.
    const sidebar = page.locator('aside, nav, [role="navigation"]').filter({ hasText: summaries[0]! }).first()
    for (const summary of summaries) {
      await sidebar.getByText(summary, { exact: true }).first().click({ timeout: 20_000 })
      await page.getByRole('heading', { name: summary, exact: true }).first().waitFor({ timeout: 20_000 })
    }
    await page.screenshot({ path: `test-results/screenshots/${slug}/api-reference.png` })
    expect(problems).toEqual([])
    expect(offOrigin).toEqual([])
    await page.close()
  })

  it("sends a try-it request from the page to this server: the example body mints a link", { timeout: 90_000 }, async () => {
    const page = await browser().newPage()
    const { problems, offOrigin } = await openReference(page, node.target.baseUrl)
    await page.getByRole('heading', { name: 'Mint a one-time link', exact: true }).first().waitFor({ timeout: 20_000 })
    await page.getByRole('button', { name: /Test Request/ }).first().click()
    const client = page.getByRole('dialog')
    await client.getByPlaceholder('Token').first().fill(node.target.apiKey)
    const [answer] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/links' && r.request().method() === 'POST', { timeout: 20_000 }),
      client.getByRole('button', { name: /^Send Request/ }).first().click(),
    ])
    expect(answer.status()).toBe(201)
    expect(answer.request().headers()['authorization']).toBe(`Bearer ${node.target.apiKey}`)
    const body = (await answer.json()) as { token: string; url: string }
    expect(body.url).toBe(`${node.target.baseUrl}/l/${body.token}`)
    // The answer is shown in the client.
    await client.getByText('201', { exact: false }).first().waitFor({ timeout: 10_000 })
    await page.screenshot({ path: `test-results/screenshots/${slug}/api-reference-try-it.png` })
    expect(problems).toEqual([])
    expect(offOrigin).toEqual([])
    await page.close()
  })

  it('speaks German to a German browser: the page is lang="de" and Scalar shows its German interface', { timeout: 90_000 }, async () => {
    const context = await browser().newContext({ locale: 'de-DE' })
    const page = await context.newPage()
    const { problems, offOrigin } = await openReference(page, node.target.baseUrl)
    expect(await page.locator('html').getAttribute('lang')).toBe('de')
    await page.getByRole('heading', { name: 'Mint a one-time link', exact: true }).first().waitFor({ timeout: 20_000 })
    await page.getByRole('button', { name: /Request testen/ }).first().waitFor({ timeout: 20_000 })
    expect(await page.getByRole('button', { name: /Test Request/ }).count()).toBe(0)
    await page.screenshot({ path: `test-results/screenshots/${slug}/api-reference-de.png` })
    expect(problems).toEqual([])
    expect(offOrigin).toEqual([])
    await context.close()
  })
})
