import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { Context, Env } from 'hono'
import { CAPACITY_RETRY_AFTER_SECONDS, ERRORS, errorBody, type ErrorCode } from '../errors.ts'
import type { LinkResult, LinkService, OpenLink } from '../link-service.ts'
import { ConsumeInput, ErrorBody, IssueInput, IssuedLink, OpenLinkBody, Purpose, Subject, Token } from '../schemas.ts'
import { redirectProblem } from '../redirect-rule.ts'

export interface ApiOptions {
  links: LinkService
  /** Origin that link URLs are built on. */
  publicUrl: string
  /** Origins `redirect` may point to (SLOTLINK_REDIRECT_ORIGINS); undefined: any allowed by the redirect rule. */
  redirectOrigins?: readonly string[]
}

/** Answers a request with the contract's `{error, message}` body and the code's status. */
export function apiError(c: Context, code: ErrorCode, details?: { message?: string; field?: string }) {
  if (code === 'capacity') c.header('Retry-After', String(CAPACITY_RETRY_AFTER_SECONDS))
  // Typed as `never` so a route handler may return it: the status is chosen at run time from the
  // error table, which zod-openapi's per-status response types cannot follow. The OpenAPI document
  // still lists each route's failures (see `failures`).
  return c.json(errorBody(code, details), ERRORS[code].status) as never
}

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description })
const failures = (...codes: ErrorCode[]) =>
  Object.fromEntries(
    [...new Set(codes.map((code) => ERRORS[code].status))].map((status) => [
      status,
      json(ErrorBody, codes.filter((code) => ERRORS[code].status === status).join(' or ')),
    ]),
  )
const common = ['invalid_request', 'unauthorized', 'payload_too_large', 'unsupported_media_type', 'capacity'] as const
const security = [{ bearer: [] }]
const TokenParam = z.object({ token: Token.openapi({ param: { name: 'token', in: 'path' } }) })

const issueRoute = createRoute({
  method: 'post',
  path: '/api/links',
  summary: 'Mint a one-time link',
  security,
  request: { body: { ...json(IssueInput, 'What the link is for'), required: true } },
  responses: { 201: json(IssuedLink, 'The link, to send to its subject'), ...failures(...common) },
})

const peekRoute = createRoute({
  method: 'get',
  path: '/api/links/{token}',
  summary: 'Look at an open link without using it',
  security,
  request: { params: TokenParam },
  responses: { 200: json(OpenLinkBody, 'The open link'), ...failures('unauthorized', 'invalid', 'expired', 'used', 'capacity') },
})

const consumeRoute = createRoute({
  method: 'post',
  path: '/api/links/consume',
  summary: 'Use a link up (works once)',
  security,
  request: { body: { ...json(ConsumeInput, 'The token, and the purpose you expect'), required: true } },
  responses: { 200: json(OpenLinkBody, 'The link, now used'), ...failures(...common, 'invalid', 'expired', 'used') },
})

const revokeRoute = createRoute({
  method: 'delete',
  path: '/api/links/{token}',
  summary: 'Cancel one link',
  security,
  request: { params: TokenParam },
  responses: { 204: { description: 'Cancelled' }, ...failures('unauthorized', 'invalid', 'expired', 'used', 'capacity') },
})

const revokeSubjectRoute = createRoute({
  method: 'delete',
  path: '/api/subjects/{subject}/links',
  summary: "Cancel all of a subject's open links",
  security,
  request: {
    params: z.object({ subject: Subject.openapi({ param: { name: 'subject', in: 'path' } }) }),
    query: z.object({ purpose: Purpose.optional().openapi({ param: { name: 'purpose', in: 'query' } }) }),
  },
  responses: {
    200: json(z.object({ revoked: z.number().int() }).openapi('Revoked'), 'How many links were cancelled'),
    ...failures('invalid_request', 'unauthorized', 'capacity'),
  },
})

/** The JSON API under /api. Authentication, body limits and media types are applied by createApp. */
export function api<E extends Env>(app: OpenAPIHono<E>, { links, publicUrl, redirectOrigins }: ApiOptions): void {
  const linkFailure = (c: Context, result: Extract<LinkResult, { ok: false }>) => apiError(c, result.reason)

  app.openapi(issueRoute, async (c) => {
    const input = c.req.valid('json')
    const redirectRefused = input.redirect === undefined ? undefined : redirectProblem(input.redirect, redirectOrigins)
    if (redirectRefused) return apiError(c, 'invalid_request', { message: redirectRefused, field: 'redirect' })
    const issued = await links.issue(input)
    if (!issued.ok) return apiError(c, issued.reason)
    let url = `${publicUrl}/l/${issued.token}`
    if (input.redirect) {
      const target = new URL(input.redirect)
      target.searchParams.set('token', issued.token)
      url = target.href
    }
    return c.json({ token: issued.token, url, expiresAt: issued.expiresAt.toISOString() }, 201)
  })

  app.openapi(peekRoute, async (c) => {
    const result = await links.peek(c.req.valid('param').token)
    return result.ok ? c.json(linkBody(result.link), 200) : linkFailure(c, result)
  })

  app.openapi(consumeRoute, async (c) => {
    const { token, purpose } = c.req.valid('json')
    const result = await links.consume(token, { purpose })
    return result.ok ? c.json(linkBody(result.link), 200) : linkFailure(c, result)
  })

  app.openapi(revokeRoute, async (c) => {
    const result = await links.revoke(c.req.valid('param').token)
    return result.ok ? c.body(null, 204) : linkFailure(c, result)
  })

  app.openapi(revokeSubjectRoute, async (c) => {
    const { subject } = c.req.valid('param')
    const { purpose } = c.req.valid('query')
    return c.json({ revoked: await links.revokeSubject(subject, purpose) }, 200)
  })
}

function linkBody(link: OpenLink) {
  return { purpose: link.purpose, subject: link.subject, data: link.data, expiresAt: link.expiresAt.toISOString() }
}
