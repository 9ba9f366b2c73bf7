import { OpenAPIHono } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import { bearerAuth } from 'hono/bearer-auth'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { constantTimeEqualText } from '../constant-time.ts'
import { MAX_BODY_BYTES } from '../limits.ts'
import type { LinkService } from '../link-service.ts'
import { silentLogger, type Logger } from '../logger.ts'
import { Metrics } from '../metrics.ts'
import type { WebhookStats } from '../webhooks/outbox.ts'
import { Layout, STYLESHEET, STYLESHEET_PATH } from '../pages/layout.tsx'
import { api, apiError } from './api.ts'
import { checkAppSettings } from './app-settings.ts'
import { DocsPage } from './docs-page.tsx'
import { linkPages, type LinkView } from './link-pages.tsx'

export interface AppOptions {
  links: LinkService
  /** Bearer key for /api/*: at least 32 characters (MIN_API_KEY_LENGTH). */
  apiKey: string
  /**
   * Where slotlink is reached, e.g. `https://auth.example.com`, with the path prefix it is mounted
   * under if any (`https://example.com/auth` for `app.route('/auth', …)`). Link URLs start with it,
   * and link forms may be posted only from its origin.
   */
  publicUrl: string
  metrics?: Metrics
  /** Views for the link pages, by purpose (see LinkView). */
  linkViews?: Record<string, LinkView>
  /**
   * Whether the request came from this machine; such requests may read /metrics without a key.
   * Leave it out in production: there /metrics always needs the API key or `metricsToken`.
   */
  isLocalRequest?: (c: Context) => boolean
  /** A bearer token that opens /metrics only (SLOTLINK_METRICS_TOKEN), for a scraper that should not hold the API key. */
  metricsToken?: string
  /** Origins `redirect` may point to (SLOTLINK_REDIRECT_ORIGINS); default: any https origin, http only for loopback. */
  redirectOrigins?: readonly string[]
  /** One line per request (route pattern, never the path: paths carry tokens) and per unexpected error. */
  logger?: Logger
  /** True while the server drains before a stop: /healthz then answers 503 so load balancers move on. */
  isDraining?: () => boolean
  /**
   * Which parts to serve. The JSON API and the link pages (with their stylesheet) are what
   * `routes()` gives a host; health, metrics and docs are opt-in, so a host mounts them where it
   * likes. The Node server and the edge worker serve them all. Default: everything.
   */
  parts?: Partial<Record<AppPart, boolean>>
  /**
   * True when this app is the whole site (the Node server, the edge worker): then its middleware
   * covers every path, including routes mounted on it later (the demo) and not-found pages. False
   * (the default, for a host's app): only slotlink's own paths.
   */
  wholeSite?: boolean
  /** The webhook outbox's counts for /metrics, when lifecycle events are on. */
  webhookStats?: () => WebhookStats | Promise<WebhookStats>
}

export type AppPart = 'api' | 'pages' | 'health' | 'metrics' | 'docs'

export type AppEnv = { Variables: { requestId: string; slotlinkBasePath: string } }

/** The paths each part answers under, so that middleware touches slotlink's own routes only. */
const PART_PATHS: Record<AppPart, readonly string[]> = {
  api: ['/api/*'],
  pages: ['/l/*', STYLESHEET_PATH],
  health: ['/healthz'],
  metrics: ['/metrics'],
  docs: ['/docs', '/openapi.json'],
}

/**
 * The whole HTTP surface, the same on Node and on Workers: the JSON API, the link pages, health,
 * metrics and docs. This is the one place the app is composed, for the Node server, the library's
 * `routes()` and the edge worker alike, so its security invariants (settings checked, API key
 * compared in constant time, bodies bounded, headers on every page) hold the same everywhere.
 *
 * Every middleware is registered on slotlink's own paths only: a host app that mounts this one
 * with `app.route('/', …)` keeps its other routes free of slotlink's headers, ids and metrics.
 *
 * @throws SlotlinkError when `apiKey` or `publicUrl` is not acceptable.
 * @example
 * const app = createApp({ links, apiKey, publicUrl: 'http://localhost:3000' })
 * serve({ fetch: app.fetch, port: 3000 })
 */
export function createApp(options: AppOptions): OpenAPIHono<AppEnv> {
  const { apiKey, publicUrl } = checkAppSettings(options)
  const { links } = options
  const metrics = options.metrics ?? new Metrics()
  const logger = options.logger ?? silentLogger
  const parts = (Object.keys(PART_PATHS) as AppPart[]).filter((part) => options.parts?.[part] ?? true)
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return
      const issue = result.error.issues[0]
      return apiError(c, 'invalid_request', { message: issue?.message ?? 'invalid request', field: issue?.path.join('.') || undefined })
    },
  })

  const observeRequest: MiddlewareHandler<AppEnv> = async function observeRequest(c, next) {
    const started = performance.now()
    c.set('slotlinkBasePath', publicUrl.basePath)
    await next()
    const ms = performance.now() - started
    // routePath is the pattern (/l/:token), so the token itself is never logged or labelled.
    const route = c.req.routePath
    metrics.request(c.req.method, route, c.res.status, ms / 1000)
    logger.info({ event: 'request', method: c.req.method, route, status: c.res.status, ms: Math.round(ms * 10) / 10, requestId: c.get('requestId') })
  }
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    crossOriginResourcePolicy: 'same-origin',
  })
  const scopes = options.wholeSite ? ['*'] : parts.flatMap((part) => PART_PATHS[part])
  for (const path of scopes) app.use(path, requestId(), observeRequest, headers)

  // The document describes the API wherever it is served; a docs-only app registers the routes
  // on a second app it never serves, just to have them described.
  const described = parts.includes('api') ? app : new OpenAPIHono<AppEnv>()
  if (parts.includes('api')) app.use('/api/*', apiAuth(apiKey), apiBodyRules())
  if (parts.includes('api') || parts.includes('docs')) api(described, { links, publicUrl: publicUrl.href, redirectOrigins: options.redirectOrigins })

  if (parts.includes('pages')) {
    app.route('/l', linkPages({ links, views: options.linkViews, publicOrigin: publicUrl.origin }))
    app.get(STYLESHEET_PATH, (c) => {
      c.header('Content-Type', 'text/css; charset=utf-8')
      c.header('Cache-Control', 'public, max-age=3600')
      return c.body(STYLESHEET)
    })
  }
  if (parts.includes('health')) {
    app.get('/healthz', (c) => (options.isDraining?.() ? c.json({ status: 'draining' }, 503) : c.json({ status: 'ok' })))
  }
  if (parts.includes('metrics')) {
    app.get('/metrics', async (c) => {
      const local = options.isLocalRequest?.(c) ?? false
      // Counters say how many links were minted and used: with /forgot, that is who has an account.
      if (!local && !hasBearer(c, apiKey) && !(options.metricsToken !== undefined && hasBearer(c, options.metricsToken))) {
        return apiError(c, 'forbidden', { message: '/metrics needs the API key or the metrics token.' })
      }
      c.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
      return c.body(metrics.render(await links.slots.stats(), await options.webhookStats?.()))
    })
  }
  if (parts.includes('docs')) {
    const documentConfig = {
      openapi: '3.1.0',
      info: { title: 'slotlink', version: '1', description: 'One-time links held by short-lived slots.' },
      servers: [{ url: publicUrl.href }],
    }
    described.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' })
    app.get('/openapi.json', (c) => c.json(described.getOpenAPI31Document(documentConfig)))
    app.get('/docs', (c) => c.html(<DocsPage doc={described.getOpenAPI31Document(documentConfig) as never} base={publicUrl.basePath} />))
  }
  // Unknown API paths answer in the API's JSON shape even when this app is mounted in a host's,
  // whose own not-found handler would otherwise answer them.
  if (parts.includes('api')) app.all('/api/*', (c) => apiError(c, 'not_found'))

  app.notFound((c) =>
    c.req.path.startsWith(`${publicUrl.basePath}/api/`)
      ? apiError(c, 'not_found')
      : c.html(<Layout title="Page not found" base={publicUrl.basePath}><p>There is nothing at this address. <a href={`${publicUrl.basePath}/`}>Go to the start page</a>.</p></Layout>, 404),
  )
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      // The JSON validator's "malformed JSON" and csrf's refusal arrive here as HTTP exceptions.
      if (error.status === 400) return apiError(c, 'invalid_request', { message: 'The body is not valid JSON.' })
      if (error.status === 403) return c.html(<Layout title="Not allowed" base={publicUrl.basePath}><p>This form can only be sent from this site's own pages.</p></Layout>, 403)
      return error.getResponse()
    }
    const id = c.get('requestId')
    logger.error({ event: 'unexpected_error', requestId: id, route: c.req.routePath, error: error instanceof Error ? error.name + ': ' + error.message : String(error) })
    const message = `Something went wrong on our side (request ${id}).`
    if (c.req.path.startsWith(`${publicUrl.basePath}/api/`)) return apiError(c, 'internal_error', { message })
    return c.html(
      <Layout title="Something went wrong" base={publicUrl.basePath}>
        <p>{message} Please try again in a moment.</p>
      </Layout>,
      500,
    )
  })
  return app
}

/** Hono's bearer auth with a constant-time compare, answering in the contract's error shape. */
function apiAuth(apiKey: string): MiddlewareHandler {
  const unauthorized = (c: Context) => apiError(c, 'unauthorized')
  return bearerAuth({
    verifyToken: (token) => constantTimeEqualText(token, apiKey),
    noAuthenticationHeader: { message: unauthorized as never },
    invalidAuthenticationHeader: { message: unauthorized as never },
    invalidToken: { message: unauthorized as never },
  })
}

/**
 * Bodies of at most 16 KiB, and JSON only: anything else is refused before it is parsed.
 *
 * A body with a plain Content-Length is judged by that header here, and only a streamed body
 * (chunked, no length) goes through Hono's bodyLimit, which counts bytes as they arrive. Why not
 * send every body there: bodyLimit reads `c.req.raw.body`, and on @hono/node-server that turns
 * the server's lightweight request into a full WHATWG Request with a web stream and an
 * AbortSignal. That one property access was about half of all CPU per API request (measured:
 * the ceiling server went from ~4.1k to ~8.3k req/s). The runtime's HTTP parser already holds a
 * body to its Content-Length, so the header is as good as counting.
 */
function apiBodyRules(): MiddlewareHandler {
  const limit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => apiError(c, 'payload_too_large') })
  return async function apiBody(c, next) {
    if (c.req.method === 'POST' || c.req.method === 'PUT' || c.req.method === 'PATCH') {
      const type = c.req.header('content-type') ?? ''
      if (!/^application\/json\s*(;|$)/i.test(type)) return apiError(c, 'unsupported_media_type')
    }
    const length = c.req.header('content-length')
    if (length !== undefined && /^\d{1,15}$/.test(length) && c.req.header('transfer-encoding') === undefined) {
      return Number(length) > MAX_BODY_BYTES ? apiError(c, 'payload_too_large') : next()
    }
    return limit(c, next)
  }
}

/** Whether the request bears `secret` as its bearer token (constant-time). */
export function hasBearer(c: Context, secret: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')
  return match ? constantTimeEqualText(match[1]!, secret) : false
}
