import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { Context, Env } from 'hono'
import { CAPACITY_RETRY_AFTER_SECONDS, ERRORS, errorBody, type ErrorCode, type ErrorExtras } from '../errors.ts'
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../limits.ts'
import type { LinkResult, LinkService, OpenLink } from '../link-service.ts'
import { ConsumeInput, IssueInput, IssuedLink, LinkId, ListedLinks, OpenLinkBody, Purpose, RedeemInput, RevokedCount, Subject, Token } from '../schemas.ts'
import { BODYLESS_FAILURES, emptyResponse, errorResponses, jsonBody, jsonResponse, LINK_FAILURES, REQUEST_FAILURES } from './openapi.ts'
import { redirectProblem } from '../redirect-rule.ts'

export interface ApiOptions {
  links: LinkService
  /** Origin that link URLs are built on. */
  publicUrl: string
  /** Origins `redirect` may point to (SLOTLINK_REDIRECT_ORIGINS); undefined: any allowed by the redirect rule. */
  redirectOrigins?: readonly string[]
}

/** Answers a request with the contract's `{error, message}` body and the code's status. */
export function apiError(c: Context, code: ErrorCode, details?: { message?: string; field?: string; extras?: ErrorExtras }) {
  if (code === 'capacity') c.header('Retry-After', String(CAPACITY_RETRY_AFTER_SECONDS))
  // Typed as `never` so a route handler may return it: the status is chosen at run time from the
  // error table, which zod-openapi's per-status response types cannot follow. The OpenAPI document
  // still lists each route's failures (see `errorResponses`).
  return c.json(errorBody(code, details), ERRORS[code].status) as never
}

const security = [{ bearer: [] }]
const TokenParam = z.object({ token: Token.openapi({ param: { name: 'token', in: 'path' } }) })
const SubjectParam = Subject.openapi({ param: { name: 'subject', in: 'path' } })
const PurposeQuery = z.object({ purpose: Purpose.optional().openapi({ param: { name: 'purpose', in: 'query', description: 'Only links of this purpose.' } }) })

const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description: `1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters. A repeat with the same key gets the same 200 again, with \`Idempotent-Replayed: true\`, until the link's expiry; any other caller gets 410 \`used\`.`,
      example: 'reset-7f3c-1',
    }),
})
/** The 200 of a use, which may be an earlier success answered again. */
const usedResponse = (description: string) => {
  const response = jsonResponse(OpenLinkBody, description)
  return {
    ...response,
    headers: {
      ...response.headers,
      'Idempotent-Replayed': { schema: { type: 'string' as const, enum: ['true'] }, description: 'Present when this is an earlier success with the same Idempotency-Key, answered again.' },
    },
  }
}

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
  request: { headers: IdempotencyHeaders, body: jsonBody(ConsumeInput, 'The token, and the purpose you expect') },
  responses: { 200: usedResponse('The link, now used'), ...errorResponses(...REQUEST_FAILURES, ...LINK_FAILURES) },
})

const redeemRoute = createRoute({
  method: 'post',
  path: '/api/links/redeem',
  operationId: 'redeemLink',
  tags: ['links'],
  summary: 'Use a link up by its typed code (works once, like consume)',
  description:
    'The second way into the same slot: the ticket minted with `code: true` (held by the client that asked) and the code the person typed from the mail. Link and code are one single use. A wrong code answers 422 `wrong_code` with `attemptsLeft`; the fifth burns the link (410 `used`, reason `locked`). A forged or tampered ticket is `invalid`, like a token.',
  security,
  request: { headers: IdempotencyHeaders, body: jsonBody(RedeemInput, 'The ticket, the code the person typed, and the purpose you expect') },
  responses: { 200: usedResponse('The link, now used'), ...errorResponses(...REQUEST_FAILURES, ...LINK_FAILURES, 'wrong_code') },
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

const listRoute = createRoute({
  method: 'get',
  path: '/api/subjects/{subject}/links',
  operationId: 'listSubjectLinks',
  tags: ['subjects'],
  summary: "List a subject's open links, newest first",
  description: 'Ids, purposes and times only: no token, ticket, code or data.',
  security,
  request: { params: z.object({ subject: SubjectParam }), query: PurposeQuery },
  responses: { 200: jsonResponse(ListedLinks, 'The open links'), ...errorResponses('invalid_request', ...BODYLESS_FAILURES) },
})

const revokeByIdRoute = createRoute({
  method: 'delete',
  path: '/api/subjects/{subject}/links/{id}',
  operationId: 'revokeSubjectLink',
  tags: ['subjects'],
  summary: "Cancel one of a subject's links by its id",
  description: 'The id is the one minting answered and listing shows. An id that names no open link of this subject is `invalid`.',
  security,
  request: { params: z.object({ subject: SubjectParam, id: LinkId.openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 204: emptyResponse('Cancelled'), ...errorResponses('invalid_request', ...BODYLESS_FAILURES, 'invalid') },
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
    params: z.object({ subject: SubjectParam }),
    query: PurposeQuery,
  },
  responses: {
    200: jsonResponse(RevokedCount, 'How many links were cancelled'),
    ...errorResponses('invalid_request', ...BODYLESS_FAILURES),
  },
})

/** The JSON API under /api. Authentication, body limits and media types are applied by createApp. */
export function api<E extends Env>(app: OpenAPIHono<E>, { links, publicUrl, redirectOrigins }: ApiOptions): void {
  const linkFailure = (c: Context, result: Extract<LinkResult, { ok: false }>) => {
    if (result.reason === 'used') {
      const { reason, at } = result.used
      return apiError(c, 'used', { extras: at ? { reason, at: at.toISOString() } : { reason } })
    }
    if (result.reason === 'wrong_code') return apiError(c, 'wrong_code', { extras: { attemptsLeft: result.attemptsLeft } })
    return apiError(c, result.reason)
  }
  const used = (c: Context, result: LinkResult) => {
    if (!result.ok) return linkFailure(c, result)
    if (result.replayed) c.header('Idempotent-Replayed', 'true')
    return c.json(linkBody(result.link), 200)
  }

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
    const typed = issued.code !== undefined ? { code: issued.code, ticket: issued.ticket } : {}
    return c.json({ id: issued.id, token: issued.token, url, expiresAt: issued.expiresAt.toISOString(), ...typed }, 201)
  })

  app.openapi(peekRoute, async (c) => {
    const result = await links.peek(c.req.valid('param').token)
    return result.ok ? c.json(linkBody(result.link), 200) : linkFailure(c, result)
  })

  app.openapi(undocumentedHeaders(app, consumeRoute), async (c) => {
    const idempotencyKey = c.req.header('idempotency-key')
    if (!validIdempotencyKey(idempotencyKey)) return badIdempotencyKey(c)
    const { token, purpose } = c.req.valid('json')
    return used(c, await links.consume(token, { purpose, idempotencyKey }))
  })

  app.openapi(undocumentedHeaders(app, redeemRoute), async (c) => {
    const idempotencyKey = c.req.header('idempotency-key')
    if (!validIdempotencyKey(idempotencyKey)) return badIdempotencyKey(c)
    const { ticket, code, purpose } = c.req.valid('json')
    return used(c, await links.redeem(ticket, code, { purpose, idempotencyKey }))
  })

  app.openapi(listRoute, async (c) => {
    const { subject } = c.req.valid('param')
    const { purpose } = c.req.valid('query')
    const listed = await links.list(subject, purpose)
    const body = listed.map((l) => ({ id: l.id, purpose: l.purpose, createdAt: l.createdAt.toISOString(), expiresAt: l.expiresAt.toISOString() }))
    return c.json({ links: body }, 200)
  })

  app.openapi(revokeByIdRoute, async (c) => {
    const { subject, id } = c.req.valid('param')
    // An id that is not one, like an id of no open link of this subject, is `invalid`: one answer, as for tokens.
    if (!LINK_ID_RE.test(id)) return apiError(c, 'invalid')
    return (await links.revokeById(subject, id)) ? c.body(null, 204) : apiError(c, 'invalid')
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

/**
 * The route as the document describes it (with its Idempotency-Key header), and as served: without
 * the header's zod validator, which built an object of every request header and parsed it on each
 * consume, to check a string that is always a string; the handler checks the key itself
 * (`validIdempotencyKey`), as it did after the validator. Measured with bench/micro/app-ab.ts
 * (bench/README.md, "Closing the gap").
 */
function undocumentedHeaders<E extends Env, R extends typeof consumeRoute | typeof redeemRoute>(app: OpenAPIHono<E>, route: R) {
  app.openAPIRegistry.registerPath(route)
  return { ...route, hide: true, request: { body: route.request.body } } as Omit<R, 'request'> & { hide: true; request: { body: R['request']['body'] } }
}

/** A link id is 22 characters of base64url (link-id.ts). */
const LINK_ID_RE = /^[A-Za-z0-9_-]{22}$/
/** The IETF draft's key: 1 to 255 printable ASCII characters. */
const IDEMPOTENCY_KEY_RE = new RegExp(`^[\\x20-\\x7e]{1,${MAX_IDEMPOTENCY_KEY_LENGTH}}$`)

function validIdempotencyKey(key: string | undefined): boolean {
  return key === undefined || IDEMPOTENCY_KEY_RE.test(key)
}

function badIdempotencyKey(c: Context) {
  return apiError(c, 'invalid_request', { message: `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters.`, field: 'Idempotency-Key' })
}

function linkBody(link: OpenLink) {
  return { id: link.id, purpose: link.purpose, subject: link.subject, data: link.data, expiresAt: link.expiresAt.toISOString() }
}
