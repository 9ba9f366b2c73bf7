import { parseKeySpec } from '../../core/keyring.ts'
import { apiKeyProblem, parsePublicUrl } from '../../core/app/app-settings.ts'
import { parseRedirectOrigins } from '../../core/redirect-rule.ts'
import { parseWebhookSettings, type WebhookSettings } from '../../core/webhooks/webhook-settings.ts'

/** The worker's plain-text bindings: vars and secrets (Env adds the Durable Object namespaces). */
export interface EdgeVars {
  /** Secret: comma-separated `kid:secret`; the first signs. Required at the edge. */
  readonly SLOTLINK_KEYS?: string
  /** Secret: the bearer key for /api/*. Required at the edge. */
  readonly SLOTLINK_API_KEY?: string
  /** Comma-separated origins `redirect` may point to. */
  readonly SLOTLINK_REDIRECT_ORIGINS?: string
  /** Secret: a bearer token that opens /metrics only. */
  readonly SLOTLINK_METRICS_TOKEN?: string
  /** Origin links are built on; required in production; empty (development only): the origin each request arrived at. */
  readonly PUBLIC_URL?: string
  /** `development` (set in .dev.vars, so never deployed) turns on /dev/outbox; anything else is production. */
  readonly NODE_ENV?: string
  /** Where reset mail is POSTed as JSON (see HttpJsonMailer); unset: the dev outbox. */
  readonly MAIL_ENDPOINT?: string
  /** Secret: the mail endpoint's bearer key. */
  readonly MAIL_API_KEY?: string
  /** The sender of reset mail. */
  readonly MAIL_FROM?: string
  /** Where lifecycle events are POSTed; empty: none are sent. */
  readonly SLOTLINK_WEBHOOK_URL?: string
  /** Secret: the Standard Webhooks signing secret (`whsec_…`). */
  readonly SLOTLINK_WEBHOOK_SECRET?: string
}

/** The worker's settings, read from its bindings. */
export interface EdgeConfig {
  readonly keys: { id: string; secret: Uint8Array }[]
  readonly apiKey: string
  readonly metricsToken: string | undefined
  readonly redirectOrigins: string[] | undefined
  /** Undefined: build links on the origin each request arrived at. */
  readonly publicUrl: string | undefined
  /** Dev-only pages (/dev/outbox) are served only when this is false. */
  readonly production: boolean
  /** Undefined: mail goes to the dev outbox. */
  readonly mail: { readonly endpoint: string; readonly apiKey: string } | undefined
  readonly mailFrom: string
  /** Undefined: no lifecycle events are sent. */
  readonly webhook: WebhookSettings | undefined
}

/** A bad or missing setting, named; the message never contains the value. */
export interface EdgeConfigProblem {
  readonly variable: 'SLOTLINK_KEYS' | 'SLOTLINK_API_KEY' | 'SLOTLINK_METRICS_TOKEN' | 'SLOTLINK_REDIRECT_ORIGINS' | 'PUBLIC_URL' | 'MAIL_ENDPOINT' | 'MAIL_API_KEY' | 'SLOTLINK_WEBHOOK_URL' | 'SLOTLINK_WEBHOOK_SECRET'
  readonly problem: string
}

export type EdgeConfigResult = { readonly ok: true; readonly config: EdgeConfig } | { readonly ok: false; readonly error: EdgeConfigProblem }

const HOW_TO_SET = 'set it with `wrangler secret put` (or in .dev.vars locally; `npm run edge:dev` writes one)'

/**
 * Reads the bindings. Unlike the Node server, the edge has no random per-boot fallback for keys:
 * isolates come and go between requests, so a key made up by one isolate would break the links
 * (and API key) of every other.
 */
export function readEdgeConfig(env: EdgeVars): EdgeConfigResult {
  const problem = (variable: EdgeConfigProblem['variable'], text: string) => ({ ok: false, error: { variable, problem: text } }) as const

  const keySpec = env.SLOTLINK_KEYS?.trim()
  if (!keySpec) return problem('SLOTLINK_KEYS', `is required at the edge; ${HOW_TO_SET}`)
  let keys: EdgeConfig['keys']
  try {
    keys = parseKeySpec(keySpec)
    if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new RangeError('key ids must be unique')
  } catch (error) {
    return problem('SLOTLINK_KEYS', (error as Error).message)
  }

  const apiKey = env.SLOTLINK_API_KEY?.trim()
  if (!apiKey) return problem('SLOTLINK_API_KEY', `is required at the edge; ${HOW_TO_SET}`)
  // The same checks createApp makes (app-settings.ts), here so that the answer names the variable.
  const apiKeyIssue = apiKeyProblem(apiKey)
  if (apiKeyIssue) return problem('SLOTLINK_API_KEY', apiKeyIssue)

  const metricsToken = env.SLOTLINK_METRICS_TOKEN?.trim() || undefined
  // A scraper's token is a bearer secret like the API key, held to the same rule.
  const metricsTokenIssue = metricsToken === undefined ? undefined : apiKeyProblem(metricsToken)
  if (metricsTokenIssue) return problem('SLOTLINK_METRICS_TOKEN', metricsTokenIssue)

  let publicUrl: string | undefined
  if (env.PUBLIC_URL) {
    const parsed = parsePublicUrl(env.PUBLIC_URL)
    if ('problem' in parsed) return problem('PUBLIC_URL', `${parsed.problem}, e.g. https://auth.example.com, or empty`)
    publicUrl = parsed.href
  }
  const production = env.NODE_ENV !== 'development'
  // Without it, link origins come from the request's Host: whoever can send one (a proxy, a
  // mis-routed hostname) would choose where reset links in mail point.
  if (production && publicUrl === undefined) return problem('PUBLIC_URL', 'is required in production (e.g. https://auth.example.com); set it in wrangler.toml [vars]')
  let redirectOrigins: string[] | undefined
  if (env.SLOTLINK_REDIRECT_ORIGINS?.trim()) {
    try {
      redirectOrigins = parseRedirectOrigins(env.SLOTLINK_REDIRECT_ORIGINS)
    } catch (error) {
      return problem('SLOTLINK_REDIRECT_ORIGINS', (error as Error).message)
    }
  }
  let mail: EdgeConfig['mail']
  if (env.MAIL_ENDPOINT) {
    if (!isMailEndpoint(env.MAIL_ENDPOINT)) return problem('MAIL_ENDPOINT', 'must be an https:// URL (http:// only to localhost)')
    const mailKey = env.MAIL_API_KEY?.trim()
    if (!mailKey) return problem('MAIL_API_KEY', `is required with MAIL_ENDPOINT; ${HOW_TO_SET}`)
    mail = { endpoint: env.MAIL_ENDPOINT, apiKey: mailKey }
  }

  const webhook = parseWebhookSettings(env.SLOTLINK_WEBHOOK_URL, env.SLOTLINK_WEBHOOK_SECRET)
  if (!webhook.ok) return problem(webhook.variable, webhook.problem)

  return {
    ok: true,
    config: {
      keys,
      apiKey,
      metricsToken,
      redirectOrigins,
      publicUrl,
      // Production unless told otherwise: a deployed worker must never serve the outbox of reset links.
      production,
      mail,
      mailFrom: env.MAIL_FROM || 'slotlink <no-reply@localhost>',
      webhook: webhook.settings,
    },
  }
}

/** Mail carries live links: only over TLS, except to a relay on this machine (local tests, dev). */
function isMailEndpoint(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))
  } catch {
    return false
  }
}
