import { parseKeySpec } from '../../core/keyring.ts'
import { apiKeyProblem, parsePublicUrl } from '../../core/app/app-settings.ts'
import { parseRedirectOrigins } from '../../core/redirect-rule.ts'
import { parseWebhookSettings, type WebhookSettings } from '../../core/webhooks/webhook-settings.ts'
import { parseTrustedProxies, type TrustedProxies } from './client-address.ts'

/** The Node server's settings, read from the environment (see the contract's Configuration table). */
export interface ServerConfig {
  readonly port: number
  readonly host: string
  readonly publicUrl: string
  /** Undefined: generate one per boot and print it once. */
  readonly apiKey: string | undefined
  /** Undefined: one random key per boot (links die with the process). */
  readonly keys: { id: string; secret: Uint8Array }[] | undefined
  readonly workers: number | undefined
  readonly dataDir: string
  readonly databasePath: string
  readonly smtpUrl: string | undefined
  readonly mailFrom: string
  readonly production: boolean
  /** Undefined: no lifecycle events are sent. */
  readonly webhook: WebhookSettings | undefined
  /** Bearer token a scraper may use for /metrics instead of the API key. */
  readonly metricsToken: string | undefined
  /** Origins `redirect` may point to; undefined: any https origin (http only for loopback). */
  readonly redirectOrigins: string[] | undefined
  /** Proxies whose X-Forwarded-For is believed; undefined: the socket address is the client. */
  readonly trustedProxies: TrustedProxies | undefined
  /** The listener's timeouts; not an environment setting (the defaults in start-server.ts suit every deployment), tests shorten them. */
  readonly httpTimeouts?: Partial<HttpTimeouts>
}

export interface HttpTimeouts {
  /** Whole request head, from the first byte. */
  readonly headersTimeoutMs: number
  /** Whole request, head and body: bounds a drip-fed body. */
  readonly requestTimeoutMs: number
  /** A kept-alive connection with no next request. */
  readonly keepAliveTimeoutMs: number
  /** How often Node checks the header and request timeouts. */
  readonly checkIntervalMs: number
}

/** A bad setting: start-up stops with one line naming the variable, and never its value. */
export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`${variable}: ${problem}`)
  }
}

export function loadConfig(env: Record<string, string | undefined>): ServerConfig {
  const value = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name])
  const port = integer('PORT', value('PORT') ?? '3000', 0, 65535)
  const host = value('HOST') ?? '127.0.0.1'
  const production = value('NODE_ENV') === 'production'

  // The same checks createApp makes (app-settings.ts), here so that start-up names the variable.
  const parsedUrl = parsePublicUrl(value('PUBLIC_URL') ?? `http://localhost:${port}`)
  if ('problem' in parsedUrl) throw new ConfigError('PUBLIC_URL', `${parsedUrl.problem}, e.g. https://auth.example.com`)
  const publicUrl = parsedUrl.href

  const apiKey = value('SLOTLINK_API_KEY')
  const apiKeyIssue = apiKey === undefined ? undefined : apiKeyProblem(apiKey)
  if (apiKeyIssue) throw new ConfigError('SLOTLINK_API_KEY', apiKeyIssue)
  if (production && apiKey === undefined) throw new ConfigError('SLOTLINK_API_KEY', 'is required when NODE_ENV=production')

  let keys: ServerConfig['keys']
  const keySpec = value('SLOTLINK_KEYS')
  if (keySpec !== undefined) {
    try {
      keys = parseKeySpec(keySpec)
      if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new RangeError('key ids must be unique')
    } catch (error) {
      throw new ConfigError('SLOTLINK_KEYS', (error as Error).message)
    }
  }

  const workersText = value('SLOTLINK_WORKERS')
  const workers = workersText === undefined ? undefined : integer('SLOTLINK_WORKERS', workersText, 1, 256)
  const dataDir = (value('SLOTLINK_DATA_DIR') ?? './.data').replace(/\/+$/, '') || '/'

  const smtpUrl = value('SMTP_URL')
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError('SMTP_URL', 'must start with smtp:// or smtps://')

  const webhook = parseWebhookSettings(value('SLOTLINK_WEBHOOK_URL'), value('SLOTLINK_WEBHOOK_SECRET'))
  if (!webhook.ok) throw new ConfigError(webhook.variable, webhook.problem)
  const metricsToken = value('SLOTLINK_METRICS_TOKEN')
  // A scraper's token is a bearer secret like the API key, held to the same rule.
  const metricsTokenIssue = metricsToken === undefined ? undefined : apiKeyProblem(metricsToken)
  if (metricsTokenIssue) throw new ConfigError('SLOTLINK_METRICS_TOKEN', metricsTokenIssue)
  let trustedProxies: TrustedProxies | undefined
  const trustSpec = env.SLOTLINK_TRUST_PROXY
  if (trustSpec !== undefined && trustSpec !== '') {
    try {
      trustedProxies = parseTrustedProxies(trustSpec)
    } catch (error) {
      throw new ConfigError('SLOTLINK_TRUST_PROXY', (error as Error).message)
    }
  }

  let redirectOrigins: string[] | undefined
  const originSpec = value('SLOTLINK_REDIRECT_ORIGINS')
  if (originSpec !== undefined) {
    try {
      redirectOrigins = parseRedirectOrigins(originSpec)
    } catch (error) {
      throw new ConfigError('SLOTLINK_REDIRECT_ORIGINS', (error as Error).message)
    }
  }

  return {
    port,
    host,
    publicUrl,
    apiKey,
    keys,
    workers,
    dataDir,
    databasePath: value('DATABASE_PATH') ?? `${dataDir}/slotlink.db`,
    smtpUrl,
    mailFrom: value('MAIL_FROM') ?? 'slotlink <no-reply@localhost>',
    production,
    webhook: webhook.settings,
    metricsToken,
    trustedProxies,
    redirectOrigins,
  }
}

function integer(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text)) throw new ConfigError(name, `must be a whole number from ${min} to ${max}`)
  const n = Number(text)
  if (n < min || n > max) throw new ConfigError(name, `must be a whole number from ${min} to ${max}`)
  return n
}
