import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/server/node/config.ts'

const KEY = 'k1:' + Buffer.alloc(32, 9).toString('base64url')

describe('configuration from the environment', () => {
  it('needs nothing for npm start, and follows the contract defaults', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:3000',
      apiKey: undefined,
      keys: undefined,
      workers: undefined,
      dataDir: './.data',
      databasePath: './.data/slotlink.db',
      smtpUrl: undefined,
      production: false,
    })
  })

  it('derives PUBLIC_URL and the database path from PORT and the data dir', () => {
    const config = loadConfig({ PORT: '8080', SLOTLINK_DATA_DIR: '/var/lib/slotlink/' })
    expect(config.publicUrl).toBe('http://localhost:8080')
    expect(config.databasePath).toBe('/var/lib/slotlink/slotlink.db')
    expect(loadConfig({ PUBLIC_URL: 'https://auth.example.com/' }).publicUrl).toBe('https://auth.example.com')
  })

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ SLOTLINK_API_KEY: 'short' }, 'SLOTLINK_API_KEY'],
    [{ SLOTLINK_KEYS: 'k1:tooshort' }, 'SLOTLINK_KEYS'],
    [{ SLOTLINK_KEYS: 'garbage' }, 'SLOTLINK_KEYS'],
    [{ SLOTLINK_KEYS: `${KEY},${KEY}` }, 'SLOTLINK_KEYS'],
    [{ SLOTLINK_WORKERS: '0' }, 'SLOTLINK_WORKERS'],
    [{ SLOTLINK_WORKERS: 'many' }, 'SLOTLINK_WORKERS'],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ NODE_ENV: 'production' }, 'SLOTLINK_API_KEY'],
  ])('refuses %j with one line naming %s', (env, variable) => {
    let error: unknown
    try {
      loadConfig(env)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).variable).toBe(variable)
    expect((error as Error).message).toMatch(new RegExp(`^${variable}: `))
    expect((error as Error).message).not.toContain('\n')
  })

  it('never echoes a secret in its error', () => {
    const secretish = 'k1:' + Buffer.alloc(20, 1).toString('base64url')
    expect(() => loadConfig({ SLOTLINK_KEYS: secretish })).toThrow(ConfigError)
    try {
      loadConfig({ SLOTLINK_KEYS: secretish })
    } catch (e) {
      expect((e as Error).message).not.toContain(secretish.slice(3))
    }
  })
})
