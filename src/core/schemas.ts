import { z } from '@hono/zod-openapi'
import {
  DEFAULT_TTL_SECONDS,
  MAX_DATA_BYTES,
  MAX_DATA_DEPTH,
  MAX_SUBJECT_LENGTH,
  MAX_TTL_SECONDS,
  PURPOSE_RE,
} from './limits.ts'
import { normalizeTypedCode } from './typed-code.ts'

/**
 * The shapes of slotlink's inputs and outputs: one definition validates requests, types the
 * library and generates the OpenAPI document. Every schema carries an example, so the reference
 * and generated clients show a plausible value.
 */

const utf8 = new TextEncoder()

const EXAMPLE_TOKEN = 'AQRib290DnJlc2V0X3Bhc3N3b3JkZ2V4cGlyeQ.c2lnbmF0dXJl'
const EXAMPLE_EXPIRY = '2026-11-23T21:15:00.000Z'
const EXAMPLE_LINK_ID = 'q3Vd0xW1kR2nZ8bYc4tPaA'

export const Purpose = z
  .string()
  .regex(PURPOSE_RE, 'purpose must be a lowercase identifier: ^[a-z][a-z0-9_]{0,31}$')
  .openapi({ description: 'What the link is for, e.g. `reset_password`; a lowercase identifier.', example: 'reset_password' })

export const Subject = z
  .string()
  .min(1, 'subject must not be empty')
  .max(MAX_SUBJECT_LENGTH, `subject must be at most ${MAX_SUBJECT_LENGTH} characters`)
  .openapi({ example: 'user-42', description: 'Whom the link is for; kept in the slot, never in the token.' })

export const LinkData = z
  .record(z.string(), z.unknown())
  // Depth first, and stop there: measuring the size would stringify, which overflows on deep values.
  .superRefine((d, ctx) => {
    if (!nestedAtMost(d, MAX_DATA_DEPTH)) ctx.addIssue({ code: 'custom', message: `data must be nested at most ${MAX_DATA_DEPTH} levels deep` })
    else if (utf8.encode(JSON.stringify(d)).length > MAX_DATA_BYTES) ctx.addIssue({ code: 'custom', message: `data must be at most ${MAX_DATA_BYTES} bytes of JSON` })
  })
    // additionalProperties spelled out: without it generated clients type `data` as an empty object.
  .openapi({ type: 'object', additionalProperties: true, example: { email: 'ada@example.com' } })

/** `data` as the API takes and returns it: `null` means the link carries none. */
export const NullableLinkData = LinkData.nullable().openapi({
  type: ['object', 'null'],
  additionalProperties: true,
  description: `Any JSON object (at most ${MAX_DATA_BYTES} bytes) kept in the slot and returned on use; \`null\` (or leaving it out) means none.`,
  example: { email: 'ada@example.com' },
})

/** Whether a parsed JSON value nests at most `max` objects/arrays deep; iterative, so it cannot overflow itself. */
function nestedAtMost(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]]
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!
    if (typeof item !== 'object' || item === null) continue
    if (depth > max) return false
    for (const child of Object.values(item)) stack.push([child, depth + 1])
  }
  return true
}

// No length limit here: an over-long token is `invalid` (404) like any other bad token, not a 400.
export const Token = z.string().openapi({ description: 'A link token (base64url).', example: EXAMPLE_TOKEN })

/** An instant as the API writes it: ISO 8601 in UTC. */
export const Timestamp = z.string().openapi({ format: 'date-time', example: EXAMPLE_EXPIRY })

export const IssueInput = z
  .object({
    purpose: Purpose,
    subject: Subject,
    // The default is applied by a transform, not `.default()`: the document would then say
    // `default: 900`, which client generators (openapi-typescript) turn into a required property.
    ttl: z
      .number()
      .int('ttl must be a whole number of seconds')
      .min(1, 'ttl must be at least 1 second')
      .max(MAX_TTL_SECONDS, `ttl must be at most ${MAX_TTL_SECONDS} seconds`)
      .optional()
      .openapi({ description: `Seconds until the link expires; ${DEFAULT_TTL_SECONDS} when left out.`, example: DEFAULT_TTL_SECONDS })
      .transform((ttl) => ttl ?? DEFAULT_TTL_SECONDS),
    data: NullableLinkData.optional(),
    redirect: z
      .url({ protocol: /^https?$/, error: 'redirect must be an absolute http(s) URL' })
      .max(2048)
      .optional()
      .openapi({
        description: 'If given, `url` is this URL with `token=` added to its query: your page receives the token and consumes it through the API.',
        example: 'https://app.example.org/reset',
      }),
    code: z.boolean().optional().openapi({ description: 'Also make a typed code (`code`, for the mail) and a `ticket` (for the client that asked).', example: true }),
    supersede: z.boolean().optional().openapi({ description: "Revoke the subject's other open links of this purpose (reason `superseded`).", example: true }),
  })
  .strict()
  .openapi('IssueInput', {
    description: 'What to mint a link for.',
    example: { purpose: 'reset_password', subject: 'user-42', ttl: DEFAULT_TTL_SECONDS, data: { email: 'ada@example.com' } },
  })

export const LinkId = z.string().openapi({ description: "The link's public id: names it, unlocks nothing.", example: EXAMPLE_LINK_ID })

export const IssuedLink = z
  .object({
    id: LinkId,
    token: Token,
    url: z.string().openapi({ format: 'uri', description: 'The link to send: this server\'s page for the token, or `redirect` with `token=`.', example: `https://links.example.org/l/${EXAMPLE_TOKEN}` }),
    expiresAt: Timestamp.openapi({ description: 'When the link stops working.' }),
    code: z.string().optional().openapi({ description: 'With `code: true`: the typed code for the mail.', example: 'K7QD-M2XA' }),
    ticket: z.string().optional().openapi({ description: 'With `code: true`: for the client that asked (an HttpOnly cookie); goes with the code to redeem.', example: 'AgRib290DnNpZ25faW4...' }),
  })
  .openapi('IssuedLink', {
    description: 'A minted link. The token is a secret: send it to the subject only.',
    example: { id: EXAMPLE_LINK_ID, token: EXAMPLE_TOKEN, url: `https://links.example.org/l/${EXAMPLE_TOKEN}`, expiresAt: EXAMPLE_EXPIRY },
  })

export const OpenLinkBody = z
  .object({
    id: LinkId,
    purpose: Purpose,
    subject: Subject,
    data: NullableLinkData,
    expiresAt: Timestamp.openapi({ description: 'When the link stops (or would have stopped) working.' }),
  })
  .openapi('OpenLink', {
    description: 'What a link was minted for, as kept in its slot.',
    example: { id: EXAMPLE_LINK_ID, purpose: 'reset_password', subject: 'user-42', data: { email: 'ada@example.com' }, expiresAt: EXAMPLE_EXPIRY },
  })

export const ConsumeInput = z
  .object({
    token: Token,
    purpose: Purpose.optional().openapi({ description: 'If given, a link of another purpose is `invalid`.' }),
  })
  .strict()
  .openapi('ConsumeInput', { description: 'The link to use up.', example: { token: EXAMPLE_TOKEN, purpose: 'reset_password' } })

export const RedeemInput = z
  .object({
    // Bad tickets are `invalid` (404) like bad tokens, so no length rule here either.
    ticket: z.string().openapi({ description: 'The ticket minted with the code.', example: 'AgRib290DnNpZ25faW4...' }),
    code: z
      .string()
      .refine((code) => normalizeTypedCode(code) !== undefined, 'code must be 8 characters of Crockford base32 (spaces and hyphens are ignored)')
      .openapi({ description: 'The typed code, any case, spaces and hyphens ignored.', example: 'K7QD-M2XA' }),
    purpose: Purpose.optional().openapi({ description: 'If given, a link of another purpose is `invalid`.' }),
  })
  .strict()
  .openapi('RedeemInput', { description: 'A typed code, with the ticket of the client that asked for it.', example: { ticket: 'AgRib290DnNpZ25faW4...', code: 'K7QD-M2XA', purpose: 'sign_in' } })

const EXAMPLE_LISTED_LINK = { id: EXAMPLE_LINK_ID, purpose: 'reset_password', createdAt: '2026-12-01T14:00:00.000Z', expiresAt: '2026-12-01T14:15:00.000Z' }

export const ListedLink = z
  .object({ id: LinkId, purpose: Purpose, createdAt: Timestamp.openapi({ description: 'When the link was minted.' }), expiresAt: Timestamp.openapi({ description: 'When it stops working.' }) })
  .openapi('ListedLink', { description: 'One open link: its id, purpose and times; no token, ticket, code or data.', example: EXAMPLE_LISTED_LINK })

export const ListedLinks = z
  .object({
    links: z.array(ListedLink).openapi({ description: 'The open links, newest first.', example: [EXAMPLE_LISTED_LINK] }),
  })
  .openapi('ListedLinks', {
    description: "A subject's open links, newest first: ids and times, no secrets.",
    example: { links: [EXAMPLE_LISTED_LINK] },
  })

export const RevokedCount = z
  .object({ revoked: z.number().int().min(0).openapi({ description: 'How many open links were cancelled.', example: 2 }) })
  .openapi('Revoked', { description: "The result of cancelling a subject's links.", example: { revoked: 2 } })

export type IssueInput = z.input<typeof IssueInput>
