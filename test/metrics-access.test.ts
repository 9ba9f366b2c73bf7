import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startNodeTarget, TEST_API_KEY } from './support/node-target.ts'

let node: Awaited<ReturnType<typeof startNodeTarget>>
beforeAll(async () => {
  node = await startNodeTarget()
})
afterAll(() => node?.stop())

const metrics = (headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${node.server.port}/metrics`, { headers })

describe('/metrics on the Node server', () => {
  it('is served without a key to a client on this machine', async () => {
    const res = await metrics()
    expect(res.status).toBe(200)
    expect(await res.text()).toMatch(/^slotlink_open_slots \d+$/m)
  })

  it('adds the Node process metrics (CPU, memory, event loop, heap)', async () => {
    const text = await (await metrics()).text()
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(text).toMatch(new RegExp(`^${name} [0-9.e+-]+$`, 'm'))
    }
    expect(Number(/^process_resident_memory_bytes (\S+)$/m.exec(text)![1])).toBeGreaterThan(1_000_000)
  })

  it.each([
    ['X-Forwarded-For', { 'x-forwarded-for': '203.0.113.7' }],
    ['Forwarded', { forwarded: 'for=203.0.113.7;proto=https' }],
    ['X-Real-IP', { 'x-real-ip': '203.0.113.7' }],
    ['Via', { via: '1.1 proxy.example' }],
    ['X-Forwarded-Proto', { 'x-forwarded-proto': 'https' }],
  ])('asks for the key when a proxy on this machine forwards the request (%s)', async (_, forwarded) => {
    const refused = await metrics(forwarded)
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({ error: 'forbidden' })

    const withKey = await metrics({ ...forwarded, authorization: `Bearer ${TEST_API_KEY}` })
    expect(withKey.status).toBe(200)
  })
})
