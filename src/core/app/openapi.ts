import { z, type OpenAPIHono } from '@hono/zod-openapi'
import type { Env } from 'hono'
import { ERRORS, errorBody, type ErrorCode } from '../errors.ts'

/**
 * The pieces every operation of the OpenAPI document is built from, so that a route names only
 * what is its own (body, success, which error codes) and the rest cannot drift: error bodies and
 * their code enums come from the one error table, headers from one place.
 */

const REQUEST_ID = 'RequestId'
const RETRY_AFTER = 'RetryAfter'
const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` })

/** Statuses whose answers say when to try again. */
const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 503])

/** A JSON response (or request body) with the headers every answer carries. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, headers: { 'X-Request-Id': headerRef(REQUEST_ID) }, content: { 'application/json': { schema } } }
}

/** A response without a body. */
export function emptyResponse(description: string) {
  return { description, headers: { 'X-Request-Id': headerRef(REQUEST_ID) } }
}

/** A required JSON request body. */
export function jsonBody<T extends z.ZodType>(schema: T, description: string) {
  return { description, required: true, content: { 'application/json': { schema } } }
}

/**
 * The failure responses of an operation, one per status, each with the enum of the codes that
 * status can carry here: `errorResponses('invalid', 'expired', 'used')` gives a 404 of
 * `invalid` and a 410 of `expired | used`.
 */
export function errorResponses(...codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of new Set(codes)) byStatus.set(ERRORS[code].status, [...(byStatus.get(ERRORS[code].status) ?? []), code])
  return Object.fromEntries(
    [...byStatus].map(([status, atStatus]) => {
      const response = jsonResponse(errorSchema(atStatus), atStatus.map((code) => `\`${code}\`: ${ERRORS[code].message}`).join(' Or '))
      if (RETRY_STATUSES.has(status)) Object.assign(response.headers, { 'Retry-After': headerRef(RETRY_AFTER) })
      return [status, response]
    }),
  )
}

/** Failures any authenticated JSON route can answer before it runs. */
export const REQUEST_FAILURES = ['invalid_request', 'unauthorized', 'payload_too_large', 'unsupported_media_type', 'capacity'] as const satisfies ErrorCode[]
/** Failures any authenticated route without a body can answer. */
export const BODYLESS_FAILURES = ['unauthorized', 'capacity'] as const satisfies ErrorCode[]
/** What a link's token can be found to be, on any route that takes one. */
export const LINK_FAILURES = ['invalid', 'expired', 'used'] as const satisfies ErrorCode[]

/**
 * Fields an error body adds for some codes, beside `error` and `message`. A body of several codes
 * has the fields of each, optional (a 410 is `expired` or `used`; only `used` would say why).
 */
const ERROR_DETAILS: Partial<Record<ErrorCode, Record<string, z.ZodType>>> = {
  invalid_request: { field: z.string().openapi({ description: 'The request field that is wrong, as a dotted path.', example: 'ttl' }) },
  used: {
    reason: z.enum(['consumed', 'redeemed', 'revoked', 'superseded', 'locked', 'unknown']).openapi({ description: 'Why the link is used: what its tombstone says.', example: 'consumed' }),
    at: z.string().openapi({ format: 'date-time', description: 'When that happened, where known.', example: '2026-12-01T14:02:00.000Z' }),
  },
  wrong_code: { attemptsLeft: z.number().int().min(0).openapi({ description: 'Wrong codes left before the link locks.', example: 4 }) },
}

/** An example body per code where the table's message alone would not show the details. */
const ERROR_EXAMPLES: Partial<Record<ErrorCode, Record<string, unknown>>> = {
  invalid_request: errorBody('invalid_request', { message: 'ttl must be at most 604800 seconds', field: 'ttl' }),
  used: errorBody('used', { extras: { reason: 'consumed', at: '2026-12-01T14:02:00.000Z' } }),
  wrong_code: errorBody('wrong_code', { extras: { attemptsLeft: 4 } }),
}

const errorSchemas = new Map<string, z.ZodType>()

/** `{error, message, ...details}` with `error` limited to `codes`; one named component per set of codes. */
function errorSchema(codes: ErrorCode[]): z.ZodType {
  const name = 'Error' + codes.map((code) => code.replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase())).join('Or')
  let schema = errorSchemas.get(name)
  if (!schema) {
    const first = codes[0]!
    const example = ERROR_EXAMPLES[first] ?? errorBody(first)
    const details = Object.fromEntries(codes.flatMap((code) => Object.entries(ERROR_DETAILS[code] ?? {})).map(([field, type]) => [field, type.optional()]))
    schema = z
      .object({
        error: z.enum(codes as [ErrorCode, ...ErrorCode[]]).openapi({ description: 'A stable code to switch on.', example: first }),
        message: z.string().openapi({ description: 'For people; may change.', example: ERRORS[first].message }),
        ...details,
      })
      .openapi(name, { description: `A failure: ${codes.map((code) => `\`${code}\``).join(', ')}.`, example })
    errorSchemas.set(name, schema)
  }
  return schema
}

export interface DocumentOptions {
  /** Where the API is served; the document's one server. */
  publicUrl: string
}

/** The document's top level: what it is, who made it, its licence and tags. */
export function documentConfig({ publicUrl }: DocumentOptions) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'slotlink API',
      version: '2.0.0',
      description: [
        'One-time links (password reset, magic sign-in, email confirmation) held by short-lived slots.',
        '',
        'Every `/api` request needs `Authorization: Bearer $SLOTLINK_API_KEY`; bodies are JSON of at most 16 KiB.',
        'Two ways to use a link: send `url` as it is, and this server\'s page under `/l/` consumes it (your backend',
        'hears nothing); or mint with `redirect`, and your own page receives `token=` and consumes it with',
        '`POST /api/links/consume`.',
      ].join('\n'),
      license: { name: 'MIT', identifier: 'MIT' },
      contact: { name: 'slotlink', url: `${publicUrl}/docs` },
    },
    servers: [{ url: publicUrl, description: 'This server' }],
    security: [{ bearer: [] }],
    tags: [
      { name: 'links', description: 'Mint, look at, use and cancel one link.' },
      { name: 'subjects', description: 'All the open links of one subject (a user, an account).' },
    ],
  }
}

/** Components the operations refer to by name: the bearer scheme and the shared headers. */
export function registerDocumentComponents<E extends Env>(app: OpenAPIHono<E>): void {
  const registry = app.openAPIRegistry
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'The API key (`SLOTLINK_API_KEY`).' })
  registry.registerComponent('headers', REQUEST_ID, {
    description: 'This request\'s id, as in the server\'s log lines: quote it when reporting a problem.',
    schema: { type: 'string', example: '9f1c2b7e-2d4f-4f7a-9a51-3c1de0b2a6f4' },
  })
  registry.registerComponent('headers', RETRY_AFTER, {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', minimum: 0, example: 1 },
  })
}
