import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEdgeTarget, type EdgeTarget } from './support/edge-target.ts'
import { TEST_API_KEY } from './support/node-target.ts'

const METRICS_TOKEN = 'edge-metrics-token-0123456789abcdefghijklmnop'

describe('dev outbox and /metrics on the local Workers runtime', () => {
  let edge: EdgeTarget
  beforeAll(async () => {
    edge = await startEdgeTarget({ NODE_ENV: 'development', SLOTLINK_METRICS_TOKEN: METRICS_TOKEN })
  }, 120_000)
  afterAll(() => edge?.stop())
  const get = (path: string, headers: Record<string, string> = {}) => fetch(edge.target.baseUrl + path, { headers })

  it('serves the outbox to this machine and to the API key', async () => {
    expect((await get('/dev/outbox.json')).status).toBe(200)
    expect((await get('/dev/outbox.json', { authorization: `Bearer ${TEST_API_KEY}` })).status).toBe(200)
  })

  it('needs a key for /metrics even in development', async () => {
    expect((await get('/metrics')).status).toBe(403)
    expect((await get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(200)
    expect((await get('/metrics', { authorization: `Bearer ${TEST_API_KEY}` })).status).toBe(200)
  })
})
