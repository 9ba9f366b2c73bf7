import { OpenAPIHono } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import { bearerAuth } from 'hono/bearer-auth'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { requestId } from 'hono/request-id'
import { matchedRoutes } from 'hono/route'
import { METHOD_NAME_ALL } from 'hono/router'
import { secureHeaders } from 'hono/secure-headers'
import { constantTimeEqualText } from '../constant-time.ts'
import { MAX_BODY_BYTES } from '../limits.ts'
import type { LinkService } from '../link-service.ts'
import { silentLogger, type Logger } from '../logger.ts'
import { Metrics } from '../metrics.ts'
import type { WebhookStats } from '../webhooks/outbox.ts'
import { localeOf, negotiateLocale, withAskedLanguage } from '../i18n/locale.ts'
import { Layout, STYLESHEET, STYLESHEET_PATH } from '../pages/layout.tsx'
import { pageMessages } from '../pages/page-messages.ts'
import { LOCAL_TIME_SCRIPT, LOCAL_TIME_SCRIPT_PATH } from '../pages/local-time.tsx'
import { FAVICON_BYTES, FAVICON_PATH } from '../pages/favicon.ts'
import { allowedMethods } from './allowed-methods.ts'
import { api, apiError } from './api.ts'
import { checkAppSettings } from './app-settings.ts'
import { documentConfig, registerDocumentComponents } from './openapi.ts'
import { apiReference, apiReferenceHeaders, DOCS_PATH, type ApiReferenceScript } from './api-reference.tsx'
import { LINK_PAGE_HEADERS, linkPages, type LinkView } from './link-pages.tsx'

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
  /** Scalar's browser bundle for the interactive reference at /docs; without it /docs links the document only. */
  apiReferenceScript?: ApiReferenceScript
}

export type AppPart = 'api' | 'pages' | 'health' | 'metrics' | 'docs'

export type AppEnv = { Variables: { requestId: string; slotlinkBasePath: string; language: string } }

/** The paths each part answers under, so that middleware touches slotlink's own routes only. */
const PART_PATHS: Record<AppPart, readonly string[]> = {
  api: ['/api/*'],
  pages: ['/l/*', STYLESHEET_PATH, LOCAL_TIME_SCRIPT_PATH, FAVICON_PATH],
  health: ['/healthz'],
  metrics: ['/metrics'],
  docs: ['/docs', '/docs/*', '/openapi.json'],
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

  const requestLog = logger.requestLines ?? logger
  const observeRequest: MiddlewareHandler<AppEnv> = async function observeRequest(c, next) {
    const started = performance.now()
    c.set('slotlinkBasePath', publicUrl.basePath)
    await next()
    const ms = performance.now() - started
    // The pattern (/l/:token), so the token itself is never logged or labelled.
    const route = routeOf(c)
    metrics.request(c.req.method, route, c.res.status, ms / 1000)
    requestLog.info({ event: 'request', method: c.req.method, route, status: c.res.status, ms: Math.round(ms * 10) / 10, requestId: c.get('requestId') })
  }
  const https = publicUrl.href.startsWith('https:')
  const scopes = options.wholeSite ? ['*'] : parts.flatMap((part) => PART_PATHS[part])
  // /docs first: its page needs inline styles (Scalar's), which the CSP allows there alone.
  if (parts.includes('docs')) app.use(DOCS_PATH, apiReferenceHeaders(securityHeaders(https)))

  const base = publicUrl.basePath
  /** The request's path inside this app: a host (or the server) may mount it under `base`. */
  const pathIn = (c: Context) => (base && c.req.path.startsWith(base) ? c.req.path.slice(base.length) || '/' : c.req.path)
  const pageHeaders = secureHeaders(securityHeaders(https))
  const apiHeaders = secureHeaders(apiSecurityHeaders(https))
  const locale = negotiateLocale()
  /**
   * A JSON answer gets the headers that guard an API response and is never stored by a cache (it
   * may carry a token or a code); a page also gets those that guard a document, and its locale.
   * The API's set is 6 headers instead of 12 and skips the Accept-Language and `?lang=` lookup:
   * with the request line's logger, 14–17 % less CPU per consume and forgery, measured with
   * bench/ab.ts (bench/README.md, "Closing the gap").
   */
  const headersAndLocale: MiddlewareHandler<AppEnv> = async function headersAndLocale(c, next) {
    if (pathIn(c).startsWith('/api/')) {
      c.header('Cache-Control', 'no-store')
      return apiHeaders(c, next)
    }
    await pageHeaders(c, async () => {
      await locale(c, next)
    })
  }
  for (const path of scopes) app.use(path, requestId(), observeRequest, headersAndLocale)

  const allowed = allowedMethods(app)
  const methodsFor = allowed.methodsFor
  /** The answer for a request no route took: 405 with Allow where the path is known, else 404. */
  const unrouted = (c: Context) => {
    const allowed = methodsFor(pathIn(c))
    const inApi = pathIn(c).startsWith('/api/')
    const t = pageMessages(localeOf(c))
    const start = (chunks: unknown) => <a href={withAskedLanguage(c, `${base}/`)}>{chunks}</a>
    if (allowed.length === 0) {
      return inApi ? apiError(c, 'not_found') : c.html(<Layout title={t.text('notFound.title')} base={base} home={withAskedLanguage(c, `${base}/`)} locale={t.locale}><p>{t.rich('notFound.text', { start })}</p></Layout>, 404)
    }
    c.header('Allow', allowed.join(', '))
    if (inApi) return apiError(c, 'method_not_allowed')
    return c.html(<Layout title={t.text('notAllowedHere.title')} base={base} home={withAskedLanguage(c, `${base}/`)} locale={t.locale}><p>{t.rich('notAllowedHere.text', { method: c.req.method, start })}</p></Layout>, 405)
  }

  // The document describes the API wherever it is served; a docs-only app registers the routes
  // on a second app it never serves, just to have them described.
  const described = parts.includes('api') ? app : new OpenAPIHono<AppEnv>()
  if (parts.includes('api')) app.use('/api/*', apiAuth(apiKey), apiBodyRules((c) => methodsFor(pathIn(c)).includes(c.req.method), unrouted))
  // A fixed path that a pattern also matches (`/api/links/consume` and `/api/links/:token`) takes
  // only its own methods: without this, `GET /api/links/consume` would peek at a link "consume"
  // and answer 404. After the API key, like every other refusal under /api/.
  for (const path of scopes) {
    app.use(path, async function fixedPathMethods(c, next) {
      if (allowed.isShadowed(pathIn(c), c.req.method)) return unrouted(c)
      await next()
    })
  }
  if (parts.includes('api') || parts.includes('docs')) api(described, { links, publicUrl: publicUrl.href, redirectOrigins: options.redirectOrigins })

  if (parts.includes('pages')) {
    // Before the pages' own CSRF check, which would answer another method with 403.
    app.use('/l/*', async function linkPageMethods(c, next) {
      if (methodsFor(pathIn(c)).includes(c.req.method)) return next()
      const refused = await unrouted(c)
      for (const [name, value] of Object.entries(LINK_PAGE_HEADERS)) refused.headers.set(name, value)
      return refused
    })
    app.route('/l', linkPages({ links, views: options.linkViews, publicOrigin: publicUrl.origin }))
    app.get(STYLESHEET_PATH, (c) => {
      c.header('Content-Type', 'text/css; charset=utf-8')
      c.header('Cache-Control', 'public, max-age=3600')
      return c.body(STYLESHEET)
    })
    app.get(LOCAL_TIME_SCRIPT_PATH, (c) => {
      c.header('Content-Type', 'text/javascript; charset=utf-8')
      c.header('Cache-Control', 'public, max-age=3600')
      return c.body(LOCAL_TIME_SCRIPT)
    })
    app.get(FAVICON_PATH, (c) => {
      c.header('Content-Type', 'image/x-icon')
      c.header('Cache-Control', 'public, max-age=86400')
      return c.body(FAVICON_BYTES)
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
      return c.body(await metrics.renderAll(await links.slots.stats(), await options.webhookStats?.()))
    })
  }
  if (parts.includes('docs')) {
    registerDocumentComponents(described)
    const document = documentConfig({ publicUrl: publicUrl.href })
    app.get('/openapi.json', (c) => c.json(described.getOpenAPI31Document(document)))
    apiReference(app, options.apiReferenceScript)
  }
  // Unknown API paths answer in the API's JSON shape even when this app is mounted in a host's,
  // whose own not-found handler would otherwise answer them.
  if (parts.includes('api')) app.all('/api/*', unrouted)

  app.notFound(unrouted)
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      // The JSON validator's "malformed JSON" and csrf's refusal arrive here as HTTP exceptions.
      if (error.status === 400) return apiError(c, 'invalid_request', { message: 'The body is not valid JSON.' })
      if (error.status === 403) {
        const t = pageMessages(localeOf(c))
        const start = (chunks: unknown) => <a href={withAskedLanguage(c, `${publicUrl.basePath}/`)}>{chunks}</a>
        return c.html(<Layout title={t.text('forbidden.title')} base={publicUrl.basePath} home={withAskedLanguage(c, `${publicUrl.basePath}/`)} locale={t.locale}><p>{t.rich('forbidden.text', { start })}</p></Layout>, 403)
      }
      return error.getResponse()
    }
    const id = c.get('requestId')
    logger.error({ event: 'unexpected_error', requestId: id, route: c.req.routePath, error: error instanceof Error ? error.name + ': ' + error.message : String(error) })
    if (pathIn(c).startsWith('/api/')) return apiError(c, 'internal_error', { message: `Something went wrong on our side (request ${id}).` })
    const t = pageMessages(localeOf(c))
    return c.html(
      <Layout title={t.text('error.title')} base={publicUrl.basePath} home={withAskedLanguage(c, `${publicUrl.basePath}/`)} locale={t.locale}>
        <p>{t.rich('error.text', { requestId: id, start: (chunks: unknown) => <a href={withAskedLanguage(c, `${publicUrl.basePath}/`)}>{chunks}</a> })}</p>
      </Layout>,
      500,
    )
  })
  return app
}

/** Label for requests no route answers (404, 405): one series, whatever the path. */
const UNROUTED = '(unrouted)'

/**
 * The route pattern a request was for. Usually the pattern of the handler that answered; when
 * middleware answered first (401, 413, 415 under /api/*), the handler route the router had
 * matched for it, looked up only then, so answered requests pay nothing extra.
 */
function routeOf(c: Context): string {
  const answered = c.req.routePath
  if (!answered.endsWith('*')) return answered
  // Middleware and the API's catch-all are registered for every method; a handler route is not.
  const handler = matchedRoutes(c).findLast((route) => route.method !== METHOD_NAME_ALL)
  return handler ? handler.path : UNROUTED
}

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>

/**
 * Every page's headers: Hono's full set, with a CSP that allows this origin only and no framing.
 * HSTS only when slotlink is reached over https: a browser ignores it on plain http (RFC 6797,
 * 8.1), where it only lengthens every answer.
 */
const securityHeaders = (https: boolean) =>
  ({
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
    strictTransportSecurity: https,
  }) satisfies SecureHeadersOptions

/**
 * A JSON answer's headers, after OWASP's REST Security Cheat Sheet: a CSP under which it loads
 * nothing and cannot be framed, nosniff, no referrer, same-origin resource policy, and HSTS over
 * https (plus `Cache-Control: no-store`, set beside them). The rest of Hono's set (COOP,
 * Origin-Agent-Cluster, X-DNS-Prefetch-Control, X-Download-Options,
 * X-Permitted-Cross-Domain-Policies, X-XSS-Protection) governs documents a browser renders,
 * which a JSON answer never is.
 */
const apiSecurityHeaders = (https: boolean) =>
  ({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    crossOriginResourcePolicy: 'same-origin',
    strictTransportSecurity: https,
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  }) satisfies SecureHeadersOptions

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
function apiBodyRules(isRouted: (c: Context) => boolean, unrouted: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
  // A refusal of the body is for a route that would have read it; any other request is a 404 or
  // 405 (looked up only here, on the way to a refusal, so accepted requests pay nothing for it).
  const refuse = (c: Context, code: 'payload_too_large' | 'unsupported_media_type') => (isRouted(c) ? apiError(c, code) : unrouted(c))
  const limit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => refuse(c, 'payload_too_large') })
  return async function apiBody(c, next) {
    if (c.req.method === 'POST' || c.req.method === 'PUT' || c.req.method === 'PATCH') {
      const type = c.req.header('content-type') ?? ''
      if (!/^application\/json\s*(;|$)/i.test(type)) return refuse(c, 'unsupported_media_type')
    }
    const length = c.req.header('content-length')
    if (length !== undefined && /^\d{1,15}$/.test(length) && c.req.header('transfer-encoding') === undefined) {
      return Number(length) > MAX_BODY_BYTES ? refuse(c, 'payload_too_large') : next()
    }
    return limit(c, next)
  }
}

/** Whether the request bears `secret` as its bearer token (constant-time). */
export function hasBearer(c: Context, secret: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')
  return match ? constantTimeEqualText(match[1]!, secret) : false
}
