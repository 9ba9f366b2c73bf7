import { describe, expect, it } from 'vitest'
import { createApp } from '../src/core/app/create-app.tsx'
import { useLinkService } from './support/link-service.ts'
import { TEST_API_KEY } from './support/node-target.ts'

const fixture = useLinkService({ threads: 1 })

function app() {
  return createApp({ links: fixture.links, metrics: fixture.metrics, apiKey: TEST_API_KEY, publicUrl: 'http://links.test', isLocalRequest: () => true })
}
const auth = { authorization: `Bearer ${TEST_API_KEY}` }
const sample = (text: string, name: string, labels: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `))
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
}

describe('request metrics', () => {
  it('count refusals by middleware (401, 413, 415) under the route pattern they were for, with method labels on the histogram', async () => {
    const a = app()
    const before = await (await a.request('/metrics')).text()
    const count = (text: string, method: string, route: string, status: number) => sample(text, 'slotlink_http_requests_total', `method="${method}",route="${route}",status="${status}"`) ?? 0

    expect((await a.request('/api/links', { method: 'POST' })).status).toBe(401)
    expect((await a.request('/api/links/consume', { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: 'x' })).status).toBe(415)
    const big = JSON.stringify({ token: 'x'.repeat(20_000) })
    expect((await a.request('/api/links/consume', { method: 'POST', headers: { ...auth, 'content-type': 'application/json', 'content-length': String(big.length) }, body: big })).status).toBe(413)
    expect((await a.request('/api/links/some-token', { headers: auth })).status).toBe(404)
    expect((await a.request('/api/no-such-route', { headers: auth })).status).toBe(404)

    const after = await (await a.request('/metrics')).text()
    expect(count(after, 'POST', '/api/links', 401) - count(before, 'POST', '/api/links', 401)).toBe(1)
    expect(count(after, 'POST', '/api/links/consume', 415) - count(before, 'POST', '/api/links/consume', 415)).toBe(1)
    expect(count(after, 'POST', '/api/links/consume', 413) - count(before, 'POST', '/api/links/consume', 413)).toBe(1)
    expect(count(after, 'GET', '/api/links/:token', 404) - count(before, 'GET', '/api/links/:token', 404)).toBe(1)
    expect(count(after, 'GET', '(unrouted)', 404) - count(before, 'GET', '(unrouted)', 404)).toBe(1)
    expect(after).not.toContain('route="/api/*"')
    expect(after).not.toContain('some-token')

    // The histogram is split the same way, and each series is a whole histogram.
    const labels = 'method="POST",route="/api/links/consume"'
    const inf = sample(after, 'slotlink_http_request_duration_seconds_bucket', `${labels},le="+Inf"`)
    expect(inf).toBeGreaterThanOrEqual(2)
    expect(sample(after, 'slotlink_http_request_duration_seconds_count', labels)).toBe(inf)
    expect(sample(after, 'slotlink_http_request_duration_seconds_sum', labels)).toBeGreaterThan(0)
    const buckets = [...after.matchAll(new RegExp(`^slotlink_http_request_duration_seconds_bucket\\{${labels.replace(/[/]/g, '\\/')},le="([^"]+)"\\} (\\d+)$`, 'gm'))].map((m) => Number(m[2]))
    expect(buckets.length).toBeGreaterThan(2)
    expect(buckets).toEqual([...buckets].sort((x, y) => x - y))
  })

  it('label a handled request with its pattern, never its path', async () => {
    const a = app()
    const minted = await a.request('/api/links', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ purpose: 'p', subject: 's' }) })
    const { token } = (await minted.json()) as { token: string }
    expect((await a.request(`/api/links/${token}`, { headers: auth })).status).toBe(200)
    const text = await (await a.request('/metrics')).text()
    expect(sample(text, 'slotlink_http_requests_total', 'method="GET",route="/api/links/:token",status="200"')).toBeGreaterThanOrEqual(1)
    expect(text).not.toContain(token)
  })
})
