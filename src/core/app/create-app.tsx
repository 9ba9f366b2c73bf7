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
import { Layout, STYLESHEET, STYLESHEET_PATH } from '../pages/layout.tsx'
import { api, apiError } from './api.ts'
import { DocsPage } from './docs-page.tsx'
import { linkPages, type LinkView } from './link-pages.tsx'

export interface AppOptions {
  links: LinkService
  /** Bearer key for /api/*. */
  apiKey: string
  /** Origin that link URLs are built on, e.g. https://auth.example.com (no trailing slash). */
  publicUrl: string
  metrics?: Metrics
  /** Views for the link pages, by purpose (see LinkView). */
  linkViews?: Record<string, LinkView>
  /**
   * Whether the request came from this machine; such requests may read /metrics without a key.
   * Leave it out in production: there /metrics always needs the API key or `metricsToken`.
   */
  isLocalRequest?: (c: Context) => boolean
  /** Origins `redirect` may point to (SLOTLINK_REDIRECT_ORIGINS); default: any https origin, http only for loopback. */
  redirectOrigins?: readonly string[]
  /** A bearer token that opens /metrics only (SLOTLINK_METRICS_TOKEN), for a scraper that should not hold the API key. */
  metricsToken?: string
  /** One line per request (route pattern, never the path: paths carry tokens) and per unexpected error. */
  logger?: Logger
  /** True while the server drains before a stop: /healthz then answers 503 so load balancers move on. */
  isDraining?: () => boolean
}

export type AppEnv = { Variables: { requestId: string } }

/**
 * The whole HTTP surface, the same on Node and on Workers: the JSON API, the link pages, health,
 * metrics and docs. Mount more routes (the demo app) on what it returns.
 *
 * @example
 * const app = createApp({ links, apiKey, publicUrl: 'http://localhost:3000' })
 * serve({ fetch: app.fetch, port: 3000 })
 */
export function createApp(options: AppOptions): OpenAPIHono<AppEnv> {
  const { links, apiKey, publicUrl } = options
  const metrics = options.metrics ?? new Metrics()
  const logger = options.logger ?? silentLogger
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return
      const issue = result.error.issues[0]
      return apiError(c, 'invalid_request', { message: issue?.message ?? 'invalid request', field: issue?.path.join('.') || undefined })
    },
  })

  app.use(requestId())
  app.use(async function observeRequest(c, next) {
    const started = performance.now()
    await next()
    const ms = performance.now() - started
    // routePath is the pattern (/l/:token), so the token itself is never logged or labelled.
    const route = c.req.routePath
    metrics.request(c.req.method, route, c.res.status, ms / 1000)
    logger.info({ event: 'request', method: c.req.method, route, status: c.res.status, ms: Math.round(ms * 10) / 10, requestId: c.get('requestId') })
  })
  app.use(
    secureHeaders({
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
    }),
  )

  app.use('/api/*', apiAuth(apiKey), apiBodyRules())
  api(app, { links, publicUrl, redirectOrigins: options.redirectOrigins })

  app.route('/l', linkPages({ links, views: options.linkViews, publicOrigin: new URL(publicUrl).origin }))

  app.get('/healthz', (c) => (options.isDraining?.() ? c.json({ status: 'draining' }, 503) : c.json({ status: 'ok' })))
  app.get('/metrics', async (c) => {
    const local = options.isLocalRequest?.(c) ?? false
    // Counters say how many links were minted and used: with /forgot, that is who has an account.
    if (!local && !hasBearer(c, apiKey) && !(options.metricsToken !== undefined && hasBearer(c, options.metricsToken))) {
      return apiError(c, 'forbidden', { message: '/metrics needs the API key or the metrics token.' })
    }
    c.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
    return c.body(metrics.render(await links.slots.stats()))
  })

  const documentConfig = {
    openapi: '3.1.0',
    info: { title: 'slotlink', version: '1', description: 'One-time links held by short-lived slots.' },
    servers: [{ url: publicUrl }],
  }
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' })
  app.doc31('/openapi.json', documentConfig)
  app.get('/docs', (c) => c.html(<DocsPage doc={app.getOpenAPI31Document(documentConfig) as never} />))
  app.get(STYLESHEET_PATH, (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8')
    c.header('Cache-Control', 'public, max-age=3600')
    return c.body(STYLESHEET)
  })

  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? apiError(c, 'not_found')
      : c.html(<Layout title="Page not found"><p>There is nothing at this address. <a href="/">Go to the start page</a>.</p></Layout>, 404),
  )
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      // The JSON validator's "malformed JSON" and csrf's refusal arrive here as HTTP exceptions.
      if (error.status === 400) return apiError(c, 'invalid_request', { message: 'The body is not valid JSON.' })
      if (error.status === 403) return c.html(<Layout title="Not allowed"><p>This form can only be sent from this site's own pages.</p></Layout>, 403)
      return error.getResponse()
    }
    const id = c.get('requestId')
    logger.error({ event: 'unexpected_error', requestId: id, route: c.req.routePath, error: error instanceof Error ? error.name + ': ' + error.message : String(error) })
    const message = `Something went wrong on our side (request ${id}).`
    if (c.req.path.startsWith('/api/')) return apiError(c, 'internal_error', { message })
    return c.html(
      <Layout title="Something went wrong">
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
