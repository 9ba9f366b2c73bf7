import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { Context, Env } from 'hono'
import { CAPACITY_RETRY_AFTER_SECONDS, ERRORS, errorBody, type ErrorCode } from '../errors.ts'
import type { LinkResult, LinkService, OpenLink } from '../link-service.ts'
import { ConsumeInput, IssueInput, IssuedLink, OpenLinkBody, Purpose, RevokedCount, Subject, Token } from '../schemas.ts'
import { BODYLESS_FAILURES, emptyResponse, errorResponses, jsonBody, jsonResponse, LINK_FAILURES, REQUEST_FAILURES } from './openapi.ts'

export interface ApiOptions {
  links: LinkService
  /** Origin that link URLs are built on. */
  publicUrl: string
}

/** Answers a request with the contract's `{error, message}` body and the code's status. */
export function apiError(c: Context, code: ErrorCode, details?: { message?: string; field?: string }) {
  if (code === 'capacity') c.header('Retry-After', String(CAPACITY_RETRY_AFTER_SECONDS))
  // Typed as `never` so a route handler may return it: the status is chosen at run time from the
  // error table, which zod-openapi's per-status response types cannot follow. The OpenAPI document
  // still lists each route's failures (see `errorResponses`).
  return c.json(errorBody(code, details), ERRORS[code].status) as never
}

const security = [{ bearer: [] }]
const TokenParam = z.object({ token: Token.openapi({ param: { name: 'token', in: 'path' } }) })

const issueRoute = createRoute({
  method: 'post',
  path: '/api/links',
  operationId: 'issueLink',
  tags: ['links'],
  summary: 'Mint a one-time link',
  description:
    'Opens a slot for the link and answers its token and URL. Subject and data stay in the slot; the token carries only the slot handle, purpose, expiry and a secret code, under an HMAC tag.',
  security,
  request: { body: jsonBody(IssueInput, 'What the link is for') },
  responses: { 201: jsonResponse(IssuedLink, 'The link, to send to its subject'), ...errorResponses(...REQUEST_FAILURES) },
})

const peekRoute = createRoute({
  method: 'get',
  path: '/api/links/{token}',
  operationId: 'peekLink',
  tags: ['links'],
  summary: 'Look at an open link without using it',
  description: 'Answers what the link was minted for; it stays open. A malformed, forged or unknown token is `invalid`, with no hint of which check failed.',
  security,
  request: { params: TokenParam },
  responses: { 200: jsonResponse(OpenLinkBody, 'The open link'), ...errorResponses(...BODYLESS_FAILURES, ...LINK_FAILURES) },
})

const consumeRoute = createRoute({
  method: 'post',
  path: '/api/links/consume',
  operationId: 'consumeLink',
  tags: ['links'],
  summary: 'Use a link up (works once)',
  description:
    'The one successful use of a link: of any number of concurrent calls with the same token, exactly one answers 200; the others answer 410 `used`. Give `purpose` to refuse a link minted for something else.',
  security,
  request: { body: jsonBody(ConsumeInput, 'The token, and the purpose you expect') },
  responses: { 200: jsonResponse(OpenLinkBody, 'The link, now used'), ...errorResponses(...REQUEST_FAILURES, ...LINK_FAILURES) },
})

const revokeRoute = createRoute({
  method: 'delete',
  path: '/api/links/{token}',
  operationId: 'revokeLink',
  tags: ['links'],
  summary: 'Cancel one link',
  description: 'Closes the link\'s slot, so the link can no longer be used; a later use answers 410 `used`.',
  security,
  request: { params: TokenParam },
  responses: { 204: emptyResponse('Cancelled'), ...errorResponses(...BODYLESS_FAILURES, ...LINK_FAILURES) },
})

const revokeSubjectRoute = createRoute({
  method: 'delete',
  path: '/api/subjects/{subject}/links',
  operationId: 'revokeSubjectLinks',
  tags: ['subjects'],
  summary: "Cancel all of a subject's open links",
  description: 'E.g. after a password change. With `purpose`, only the links of that purpose.',
  security,
  request: {
    params: z.object({ subject: Subject.openapi({ param: { name: 'subject', in: 'path' } }) }),
    query: z.object({ purpose: Purpose.optional().openapi({ param: { name: 'purpose', in: 'query', description: 'Only links of this purpose.' } }) }),
  },
  responses: {
    200: jsonResponse(RevokedCount, 'How many links were cancelled'),
    ...errorResponses('invalid_request', ...BODYLESS_FAILURES),
  },
})

/** The JSON API under /api. Authentication, body limits and media types are applied by createApp. */
export function api<E extends Env>(app: OpenAPIHono<E>, { links, publicUrl }: ApiOptions): void {
  const linkFailure = (c: Context, result: Extract<LinkResult, { ok: false }>) => apiError(c, result.reason)

  app.openapi(issueRoute, async (c) => {
    const input = c.req.valid('json')
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
