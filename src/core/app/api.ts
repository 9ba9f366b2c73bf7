import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { Context, Env } from 'hono'
import { CAPACITY_RETRY_AFTER_SECONDS, ERRORS, errorBody, type ErrorCode, type ErrorExtras } from '../errors.ts'
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../limits.ts'
import type { LinkResult, LinkService, OpenLink } from '../link-service.ts'
import { ConsumeInput, ErrorBody, IssueInput, IssuedLink, LinkId, ListedLinks, OpenLinkBody, Purpose, RedeemInput, Subject, Token } from '../schemas.ts'

export interface ApiOptions {
  links: LinkService
  /** Origin that link URLs are built on. */
  publicUrl: string
}

/** Answers a request with the contract's `{error, message}` body and the code's status. */
export function apiError(c: Context, code: ErrorCode, details?: { message?: string; field?: string; extras?: ErrorExtras }) {
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

const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .openapi({ param: { name: 'idempotency-key', in: 'header' }, description: 'A repeat with the same key gets the same 200 again, with `Idempotent-Replayed: true`.' }),
})
const replayedHeader = { 'Idempotent-Replayed': { schema: { type: 'string' as const }, description: '`true` when this is an earlier success answered again.' } }

const consumeRoute = createRoute({
  method: 'post',
  path: '/api/links/consume',
  summary: 'Use a link up (works once)',
  security,
  request: { headers: IdempotencyHeaders, body: { ...json(ConsumeInput, 'The token, and the purpose you expect'), required: true } },
  responses: { 200: { ...json(OpenLinkBody, 'The link, now used'), headers: replayedHeader }, ...failures(...common, 'invalid', 'expired', 'used') },
})

const revokeRoute = createRoute({
  method: 'delete',
  path: '/api/links/{token}',
  summary: 'Cancel one link',
  security,
  request: { params: TokenParam },
  responses: { 204: { description: 'Cancelled' }, ...failures('unauthorized', 'invalid', 'expired', 'used', 'capacity') },
})

const redeemRoute = createRoute({
  method: 'post',
  path: '/api/links/redeem',
  summary: 'Use a link up by its typed code, with the ticket minted beside it (works once, like consume)',
  security,
  request: { headers: IdempotencyHeaders, body: { ...json(RedeemInput, 'The ticket, the code the person typed, and the purpose you expect'), required: true } },
  responses: {
    200: { ...json(OpenLinkBody, 'The link, now used'), headers: replayedHeader },
    ...failures(...common, 'invalid', 'expired', 'used', 'wrong_code'),
  },
})

const SubjectParam = Subject.openapi({ param: { name: 'subject', in: 'path' } })

const listRoute = createRoute({
  method: 'get',
  path: '/api/subjects/{subject}/links',
  summary: "List a subject's open links, newest first (no secrets)",
  security,
  request: {
    params: z.object({ subject: SubjectParam }),
    query: z.object({ purpose: Purpose.optional().openapi({ param: { name: 'purpose', in: 'query' } }) }),
  },
  responses: { 200: json(ListedLinks, 'The open links'), ...failures('invalid_request', 'unauthorized', 'capacity') },
})

const revokeByIdRoute = createRoute({
  method: 'delete',
  path: '/api/subjects/{subject}/links/{id}',
  summary: 'Cancel one of a subject\'s links by its id',
  security,
  request: { params: z.object({ subject: SubjectParam, id: LinkId.openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 204: { description: 'Cancelled' }, ...failures('invalid_request', 'unauthorized', 'invalid', 'capacity') },
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
export function api<E extends Env>(app: OpenAPIHono<E>, { links, publicUrl }: ApiOptions): void {
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

  app.openapi(consumeRoute, async (c) => {
    const idempotencyKey = c.req.valid('header')['idempotency-key']
    if (!validIdempotencyKey(idempotencyKey)) return badIdempotencyKey(c)
    const { token, purpose } = c.req.valid('json')
    return used(c, await links.consume(token, { purpose, idempotencyKey }))
  })

  app.openapi(redeemRoute, async (c) => {
    const idempotencyKey = c.req.valid('header')['idempotency-key']
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
