import fc from 'fast-check'
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MAX_WEBHOOK_SECRET_BYTES, MIN_WEBHOOK_SECRET_BYTES, parseWebhookSettings } from '../src/core/webhooks/webhook-settings.ts'
import { readEdgeConfig } from '../src/server/edge/edge-config.ts'
import { ConfigError, loadConfig } from '../src/server/node/config.ts'
import { startServerProcess } from './support/server-process.ts'

const SECRET = `whsec_${randomBytes(32).toString('base64')}`
const URL_OK = 'https://hooks.example.com/slotlink?token=receiver-side-token-123'

describe('SLOTLINK_WEBHOOK_URL and SLOTLINK_WEBHOOK_SECRET', () => {
  it('both unset: no events; both good: the settings', () => {
    expect(parseWebhookSettings(undefined, undefined)).toEqual({ ok: true, settings: undefined })
    expect(parseWebhookSettings('', ' ')).toEqual({ ok: true, settings: undefined })
    expect(parseWebhookSettings(URL_OK, SECRET)).toEqual({ ok: true, settings: { url: URL_OK, secret: SECRET } })
    for (const url of ['http://127.0.0.1:9000/h', 'http://localhost/h', 'http://[::1]:8080/h']) expect(parseWebhookSettings(url, SECRET).ok).toBe(true)
    for (const bytes of [MIN_WEBHOOK_SECRET_BYTES, MAX_WEBHOOK_SECRET_BYTES]) expect(parseWebhookSettings(URL_OK, `whsec_${randomBytes(bytes).toString('base64')}`).ok).toBe(true)
  })

  it.each([
    ['not a url', SECRET, 'SLOTLINK_WEBHOOK_URL', /https:\/\//],
    ['http://hooks.example.com/h', SECRET, 'SLOTLINK_WEBHOOK_URL', /http:\/\/ only to loopback/],
    ['http://10.0.0.1/h', SECRET, 'SLOTLINK_WEBHOOK_URL', /loopback/],
    ['ftp://hooks.example.com/h', SECRET, 'SLOTLINK_WEBHOOK_URL', /https/],
    [undefined, SECRET, 'SLOTLINK_WEBHOOK_URL', /required with SLOTLINK_WEBHOOK_SECRET/],
    [URL_OK, undefined, 'SLOTLINK_WEBHOOK_SECRET', /required with SLOTLINK_WEBHOOK_URL/],
    [URL_OK, SECRET.slice(6), 'SLOTLINK_WEBHOOK_SECRET', /whsec_/],
    [URL_OK, 'whsec_not*base64!', 'SLOTLINK_WEBHOOK_SECRET', /base64/],
    [URL_OK, `whsec_${randomBytes(16).toString('base64')}`, 'SLOTLINK_WEBHOOK_SECRET', /24 to 64/],
    [URL_OK, `whsec_${randomBytes(65).toString('base64')}`, 'SLOTLINK_WEBHOOK_SECRET', /24 to 64/],
  ] as const)('refuses url %j / secret %j, naming %s and echoing neither value', (url, secret, variable, problem) => {
    const read = parseWebhookSettings(url, secret)
    expect(read).toMatchObject({ ok: false, variable })
    if (read.ok) return
    expect(read.problem).toMatch(problem)
    for (const value of [url, secret]) if (value) expect(read.problem).not.toContain(value)

    // The same on both runtimes: Node stops with a ConfigError, the edge answers with the problem.
    const env = { SLOTLINK_WEBHOOK_URL: url, SLOTLINK_WEBHOOK_SECRET: secret }
    expect(() => loadConfig(env)).toThrow(ConfigError)
    try {
      loadConfig(env)
    } catch (error) {
      expect((error as ConfigError).variable).toBe(variable)
      expect((error as Error).message).not.toContain('\n')
    }
    // PUBLIC_URL is required in production, so it is given: the refusal must be the webhook setting's.
    const edge = readEdgeConfig({ SLOTLINK_KEYS: 'k1:' + Buffer.alloc(32, 1).toString('base64url'), SLOTLINK_API_KEY: 'a'.repeat(40), PUBLIC_URL: 'https://links.example.test', ...env })
    expect(edge).toMatchObject({ ok: false, error: { variable } })
  })

  it('never throws and never echoes what it was given, whatever it is given', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ minLength: 0, maxLength: 80 })), fc.option(fc.string({ minLength: 0, maxLength: 120 })), (url, secret) => {
        const read = parseWebhookSettings(url ?? undefined, secret ?? undefined)
        if (read.ok) return
        for (const value of [url, secret]) if (value && value.trim().length >= 6) expect(read.problem).not.toContain(value.trim())
      }),
      { numRuns: 2000 },
    )
  })

  it('the Node server stops at start-up with one line naming the variable, not its value', async () => {
    const server = startServerProcess({ SLOTLINK_WEBHOOK_URL: 'http://hooks.example.com/secret-path', SLOTLINK_WEBHOOK_SECRET: SECRET })
    const error = await server.then(
      async (s) => {
        await s.stop('SIGKILL')
        return undefined
      },
      (e: unknown) => e as Error,
    )
    expect(error?.message).toMatch(/configuration error: SLOTLINK_WEBHOOK_URL: must be an https:\/\/ URL/)
    expect(error?.message).not.toContain('secret-path')
    expect(error?.message).not.toContain(SECRET.slice(6))
  })
})
