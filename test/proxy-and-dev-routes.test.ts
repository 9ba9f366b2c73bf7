import { networkInterfaces } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startNodeTarget, TEST_API_KEY } from './support/node-target.ts'

/**
 * Requests from another machine: the server listens on all addresses and the test connects to this
 * machine's own non-loopback address, so the server's socket sees that address, not 127.0.0.1.
 */
const external = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === 'IPv4')?.address
const METRICS_TOKEN = 'metrics-token-0123456789abcdefghijklmnopqrstuvw'

describe.skipIf(!external)(`/dev/outbox and /metrics from a client that is not on loopback (${external ?? 'no non-loopback IPv4 address on this machine: skipped'})`, () => {
  let node: Awaited<ReturnType<typeof startNodeTarget>>
  beforeAll(async () => {
    node = await startNodeTarget({ HOST: '0.0.0.0', SLOTLINK_METRICS_TOKEN: METRICS_TOKEN })
  })
  afterAll(() => node?.stop())
  const remote = (path: string, headers: Record<string, string> = {}) => fetch(`http://${external}:${node.server.port}${path}`, { headers })
  const local = (path: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${node.server.port}${path}`, { headers })

  it('refuses the outbox to a remote client without the API key, and serves it with one', async () => {
    expect((await remote('/dev/outbox.json')).status).toBe(403)
    expect((await remote('/dev/outbox')).status).toBe(403)
    expect((await remote('/dev/outbox.json', { authorization: `Bearer ${TEST_API_KEY}` })).status).toBe(200)
    expect((await local('/dev/outbox.json')).status).toBe(200)
    // A proxy on this machine, not trusted: its clients are not local.
    expect((await local('/dev/outbox.json', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(403)
    expect((await local('/dev/outbox.json', { 'cf-connecting-ip': '203.0.113.9' })).status).toBe(403)
  })

  it('refuses /metrics to a remote client without the API key or metrics token', async () => {
    expect((await remote('/metrics')).status).toBe(403)
    expect((await remote('/metrics', { authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(200)
    expect((await remote('/metrics', { authorization: `Bearer ${TEST_API_KEY}` })).status).toBe(200)
    expect((await remote('/metrics', { authorization: 'Bearer wrong' })).status).toBe(403)
    for (const header of ['cf-connecting-ip', 'true-client-ip', 'x-client-ip']) {
      expect((await local('/metrics', { [header]: '203.0.113.9' })).status, header).toBe(403)
    }
  })
})

describe('/metrics in production', () => {
  it('needs the key or token even from loopback', async () => {
    const node = await startNodeTarget({ NODE_ENV: 'production', SLOTLINK_METRICS_TOKEN: METRICS_TOKEN })
    try {
      const url = `http://127.0.0.1:${node.server.port}/metrics`
      expect((await fetch(url)).status).toBe(403)
      expect((await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200)
    } finally {
      await node.stop()
    }
  })
})

describe('rate limits behind a proxy', () => {
  const failedLogins = async (baseUrl: string, forwardedFor: (i: number) => string, n: number) => {
    const statuses: number[] = []
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${baseUrl}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl, 'x-forwarded-for': forwardedFor(i) },
        // A blank password: refused without hashing, but counted like any sign-in attempt.
        body: 'email=someone%40example.com&password=',
      })
      await res.arrayBuffer()
      statuses.push(res.status)
    }
    return statuses
  }

  it('ignores a spoofed X-Forwarded-For when no proxy is trusted: one bucket for the socket', async () => {
    const node = await startNodeTarget()
    try {
      const statuses = await failedLogins(node.target.baseUrl, (i) => `203.0.113.${i}`, 31)
      expect(statuses.at(-1)).toBe(429)
    } finally {
      await node.stop()
    }
  })

  it('gives each forwarded client its own bucket when the proxy is trusted, and groups IPv6 by /64', async () => {
    const node = await startNodeTarget({ SLOTLINK_TRUST_PROXY: '127.0.0.1,::1' })
    try {
      const one = await failedLogins(node.target.baseUrl, () => '203.0.113.50', 31)
      expect(one.at(-1)).toBe(429)
      const others = await failedLogins(node.target.baseUrl, (i) => `spoofed-by-client, 198.51.100.${i}`, 31)
      expect(others.filter((s) => s === 429)).toEqual([])
      const v6 = await failedLogins(node.target.baseUrl, (i) => `2001:db8:7:7::${i.toString(16)}`, 31)
      expect(v6.at(-1)).toBe(429)
    } finally {
      await node.stop()
    }
  })
})
