import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/server/node/config.ts'
import { parseTrustedProxies, resolveClient } from '../src/server/node/client-address.ts'
import { rateLimitClientKey } from '../src/demo/client-key.ts'

const base = { SLOTLINK_API_KEY: 'k'.repeat(40) }

describe('SLOTLINK_TRUST_PROXY', () => {
  it('accepts addresses and CIDRs, v4 and v6', () => {
    const trusted = loadConfig({ ...base, SLOTLINK_TRUST_PROXY: '10.0.0.0/8, 192.0.2.1,::1, fd00::/8' }).trustedProxies!
    for (const address of ['10.1.2.3', '192.0.2.1', '::1', 'fd12::1', '::ffff:10.9.9.9']) expect(trusted.has(address), address).toBe(true)
    for (const address of ['192.0.2.2', '11.0.0.1', '::2', 'fe80::1']) expect(trusted.has(address), address).toBe(false)
  })

  it.each(['10.0.0.0/33', 'not-an-ip', '10.0.0/8', '::1/129', '1.2.3.4/-1', '1.2.3.4/', ''])('stops start-up on %j, naming the variable and not the value', (bad) => {
    let error: unknown
    try {
      loadConfig({ ...base, SLOTLINK_TRUST_PROXY: `127.0.0.1,${bad}` })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).variable).toBe('SLOTLINK_TRUST_PROXY')
    if (bad.length > 3) expect((error as Error).message).not.toContain(bad)
  })
})

describe('the client behind proxies', () => {
  const trusted = parseTrustedProxies('127.0.0.1,10.0.0.0/8')
  it('is the socket when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(resolveClient('127.0.0.1', '203.0.113.9', undefined)).toBe('127.0.0.1')
    expect(resolveClient('198.51.100.4', '127.0.0.1', undefined)).toBe('198.51.100.4')
  })
  it('is the right-most hop that is not a trusted proxy', () => {
    expect(resolveClient('127.0.0.1', '203.0.113.9', trusted)).toBe('203.0.113.9')
    expect(resolveClient('127.0.0.1', 'spoofed, 203.0.113.9, 10.1.1.1', trusted)).toBe('203.0.113.9')
    expect(resolveClient('127.0.0.1', '127.0.0.1', trusted)).toBe('127.0.0.1')
    // An untrusted socket's header is not believed at all.
    expect(resolveClient('198.51.100.4', '203.0.113.9', trusted)).toBe('198.51.100.4')
    // A hop that is not an address ends the walk: everything left of it is the client's own say.
    expect(resolveClient('127.0.0.1', '203.0.113.9, garbage', trusted)).toBe('127.0.0.1')
  })
})

describe('rate-limit keys for client addresses', () => {
  it('group IPv6 clients by /64 and keep IPv4 whole', () => {
    expect(rateLimitClientKey('2001:db8:1:2:aaaa::1')).toBe(rateLimitClientKey('2001:db8:1:2:ffff:ffff:ffff:ffff'))
    expect(rateLimitClientKey('2001:db8:1:2::1')).toBe(rateLimitClientKey('2001:0DB8:0001:0002:0:0:0:9'))
    expect(rateLimitClientKey('2001:db8:1:2::1')).not.toBe(rateLimitClientKey('2001:db8:1:3::1'))
    expect(rateLimitClientKey('::ffff:203.0.113.9')).toBe(rateLimitClientKey('203.0.113.9'))
    expect(rateLimitClientKey('203.0.113.9')).not.toBe(rateLimitClientKey('203.0.113.10'))
    expect(rateLimitClientKey(undefined)).toBe('unknown')
  })
  it('maps any string to a short key without throwing', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => rateLimitClientKey(s).length <= 64))
  })
})
