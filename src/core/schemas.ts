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
 * library and generates the OpenAPI document.
 */

const utf8 = new TextEncoder()

export const Purpose = z
  .string()
  .regex(PURPOSE_RE, 'purpose must be a lowercase identifier: ^[a-z][a-z0-9_]{0,31}$')
  .openapi({ example: 'reset_password' })

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
  .openapi({ type: 'object', example: { email: 'ada@example.com' } })

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
export const Token = z
  .string()
  .openapi({ description: 'A link token (base64url).', example: 'AQRib290DnJlc2V0X3Bhc3N3b3Jk...' })

export const IssueInput = z
  .object({
    purpose: Purpose,
    subject: Subject,
    ttl: z
      .number()
      .int('ttl must be a whole number of seconds')
      .min(1, 'ttl must be at least 1 second')
      .max(MAX_TTL_SECONDS, `ttl must be at most ${MAX_TTL_SECONDS} seconds`)
      .default(DEFAULT_TTL_SECONDS)
      .openapi({ description: 'Seconds until the link expires.', example: DEFAULT_TTL_SECONDS }),
    data: LinkData.nullish(),
    redirect: z
      .url({ protocol: /^https?$/, error: 'redirect must be an absolute http(s) URL' })
      .max(2048)
      .optional()
      .openapi({ description: 'If given, `url` is this URL with `token=` added to its query.' }),
    code: z.boolean().optional().openapi({ description: 'Also make a typed code (`code`, for the mail) and a `ticket` (for the client that asked).' }),
    supersede: z.boolean().optional().openapi({ description: "Revoke the subject's other open links of this purpose (reason `superseded`)." }),
  })
  .strict()
  .openapi('IssueInput')

export const LinkId = z.string().openapi({ description: "The link's public id: names it, unlocks nothing.", example: 'q3Vd0xW1kR2nZ8bYc4tPaA' })

export const IssuedLink = z
  .object({
    id: LinkId,
    token: Token,
    url: z.string().openapi({ example: 'http://localhost:3000/l/AQRib290...' }),
    expiresAt: z.string().openapi({ example: '2026-11-23T21:15:00.000Z' }),
    code: z.string().optional().openapi({ description: 'With `code: true`: the typed code for the mail.', example: 'K7QD-M2XA' }),
    ticket: z.string().optional().openapi({ description: 'With `code: true`: for the client that asked (an HttpOnly cookie); goes with the code to redeem.' }),
  })
  .openapi('IssuedLink')

export const OpenLinkBody = z
  .object({
    id: LinkId,
    purpose: Purpose,
    subject: Subject,
    data: z.record(z.string(), z.unknown()).nullable(),
    expiresAt: z.string(),
  })
  .openapi('OpenLink')

export const ConsumeInput = z
  .object({
    token: Token,
    purpose: Purpose.optional().openapi({ description: 'If given, a link of another purpose is `invalid`.' }),
  })
  .strict()
  .openapi('ConsumeInput')

export const RedeemInput = z
  .object({
    // Bad tickets are `invalid` (404) like bad tokens, so no length rule here either.
    ticket: z.string().openapi({ description: 'The ticket minted with the code.' }),
    code: z
      .string()
      .refine((code) => normalizeTypedCode(code) !== undefined, 'code must be 8 characters of Crockford base32 (spaces and hyphens are ignored)')
      .openapi({ description: 'The typed code, any case, spaces and hyphens ignored.', example: 'K7QD-M2XA' }),
    purpose: Purpose.optional().openapi({ description: 'If given, a link of another purpose is `invalid`.' }),
  })
  .strict()
  .openapi('RedeemInput')

export const ListedLinks = z
  .object({
    links: z.array(z.object({ id: LinkId, purpose: Purpose, createdAt: z.string(), expiresAt: z.string() })),
  })
  .openapi('ListedLinks')

export const ErrorBody = z
  .object({
    error: z.string().openapi({ example: 'invalid' }),
    message: z.string(),
    field: z.string().optional(),
    reason: z.string().optional().openapi({ description: 'For `used`: consumed, redeemed, revoked, superseded, locked or unknown.' }),
    at: z.string().optional().openapi({ description: 'For `used`: when, where known.' }),
    attemptsLeft: z.number().int().optional().openapi({ description: 'For `wrong_code`: wrong codes left before the link locks.' }),
  })
  .openapi('Error')

export type IssueInput = z.input<typeof IssueInput>
