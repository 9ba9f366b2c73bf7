import { Hono } from 'hono'
import { addressKey, RESET_PURPOSE, type DemoContext } from './demo-context.ts'
import { mailboxKey, parseEmail } from './email-address.ts'
import { field, formPost, readForm, UNREADABLE_FORM } from './form-post.tsx'
import { CheckEmailPage, ForgotPage } from './pages/forgot-pages.tsx'
import { resetMail } from './reset-mail.tsx'

/**
 * "Forgot password": asks for an address and answers "check your email" to every well-formed one.
 * Whether an account uses it only matters after the answer has gone: looking it up, minting the
 * link and sending the mail run in the background, so the page, its status and its timing are
 * the same either way. The rate limits (per client, then per address, then per mailbox) come first and do not
 * depend on the account either.
 */
export function forgotRoutes(ctx: DemoContext): Hono {
  const { limits, background } = ctx
  const guard = formPost(ctx.publicOrigin)
  const ttlMinutes = Math.round(ctx.resetLinkTtlSeconds / 60)
  const app = new Hono()

  app.get('/forgot', async (c) => c.html(<ForgotPage signedIn={(await ctx.currentAccount(c)) !== undefined} />))

  app.post('/forgot', guard, async (c) => {
    const signedIn = (await ctx.currentAccount(c)) !== undefined
    const form = await readForm(c)
    if (!form) return c.html(<ForgotPage signedIn={signedIn} error={UNREADABLE_FORM} />, 400)
    const email = parseEmail(field(form, 'email'))
    if (!email.ok) return c.html(<ForgotPage signedIn={signedIn} error={email.message} />, email.reason === 'forbidden_characters' ? 400 : 422)

    const perClient = await limits.forgotPerClient.hit(`forgot:client:${ctx.clientKey(c)}`)
    const perAddress = perClient.ok ? await limits.forgotPerAddress.hit(`forgot:address:${await addressKey(email.email)}`) : perClient
    const verdict = perAddress.ok ? await limits.forgotPerMailbox.hit(`forgot:mailbox:${await addressKey(mailboxKey(email.email))}`) : perAddress
    if (!verdict.ok) {
      c.header('Retry-After', String(verdict.retryAfterSeconds))
      return c.html(<ForgotPage signedIn={signedIn} retryAfterSeconds={verdict.retryAfterSeconds} />, 429)
    }

    background.run(c, 'reset_mail', () => sendResetLink(ctx, email.email, ttlMinutes))
    return c.html(<CheckEmailPage signedIn={signedIn} ttlMinutes={ttlMinutes} outbox={ctx.outbox !== undefined} />)
  })

  return app
}

/** Mints a reset link for the account using `email`, if there is one, and mails it there. */
async function sendResetLink(ctx: DemoContext, email: string, ttlMinutes: number): Promise<void> {
  const { accounts, links, mailer, logger } = ctx
  const account = await accounts.findByEmail(email)
  if (!account) {
    logger.info({ event: 'reset_requested', account: null })
    return
  }
  // `sv` binds the link to the password it replaces: once any reset succeeds, older links are void.
  const issued = await links.issue({ purpose: RESET_PURPOSE, subject: account.id, ttl: ctx.resetLinkTtlSeconds, data: { sv: account.sessionVersion } })
  if (!issued.ok) {
    logger.warn({ event: 'reset_requested', account: account.id, outcome: issued.reason })
    return
  }
  const url = `${ctx.publicUrl}/l/${issued.token}`
  await mailer.send(await resetMail({ to: account.email, url, expiresAt: issued.expiresAt, ttlMinutes }))
  logger.info({ event: 'reset_requested', account: account.id, outcome: 'mailed' })
}
