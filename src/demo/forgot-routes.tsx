import { Hono, type Context } from 'hono'
import { LINK_PAGE_HEADERS } from '../core/app/link-pages.tsx'
import { isLocale, localeOf, withAskedLanguage } from '../core/i18n/locale.ts'
import type { OpenLink } from '../core/link-service.ts'
import { redeemTypedCode, type CodeFlow } from './code-redemption.tsx'
import { addressKey, RESET_PURPOSE, type DemoContext } from './demo-context.ts'
import { mailboxKey, parseEmail } from './email-address.ts'
import { field, formPost, readForm } from './form-post.tsx'
import { emailProblem, UNREADABLE_FORM } from './pages/page-props.ts'
import { CheckEmailPage, ForgotPage } from './pages/forgot-pages.tsx'
import { resetMail } from './reset-mail.tsx'

/** A right code opens the reset form behind a fresh link this long: time to type a password twice. */
const CODE_RESET_FORM_TTL_SECONDS = 15 * 60

/**
 * "Forgot password": asks for an address and answers "check your email" to every well-formed one,
 * with a code form for this browser. The link (with its code and ticket) is minted before the
 * answer, for the account or, without one, as a decoy (DemoContext.issueWithCode), so the page,
 * the ticket cookie and the code form's answers are the same either way; only the mail, sent in
 * the background, differs. The rate limits (per client, then per address, then per mailbox) come
 * first and do not depend on the account either.
 */
export function forgotRoutes(ctx: DemoContext): Hono {
  const { limits, background, accounts, links } = ctx
  const guard = formPost(ctx)
  const ttlMinutes = Math.round(ctx.resetLinkTtlSeconds / 60)
  const app = new Hono()
  const checkEmail = async (c: Context, problem?: Parameters<typeof CheckEmailPage>[0]['problem'], status: 200 | 400 | 422 = 200) => {
    const signedIn = (await ctx.currentAccount(c)) !== undefined
    return c.html(<CheckEmailPage {...ctx.page(c)} signedIn={signedIn} ttlMinutes={ttlMinutes} outbox={ctx.outbox !== undefined} problem={problem} />, status)
  }
  const flow: CodeFlow = {
    purpose: RESET_PURPOSE,
    ticket: ctx.resetTicket,
    renew: { path: '/forgot', label: 'renew.forgot' },
    retry: (c, problem, status) => checkEmail(c, problem, status),
  }

  app.get('/forgot', async (c) => c.html(<ForgotPage {...ctx.page(c)} signedIn={(await ctx.currentAccount(c)) !== undefined} />))

  app.post('/forgot', guard, async (c) => {
    const signedIn = (await ctx.currentAccount(c)) !== undefined
    const form = await readForm(c)
    if (!form) return c.html(<ForgotPage {...ctx.page(c)} signedIn={signedIn} error={UNREADABLE_FORM} />, 400)
    const typed = field(form, 'email')
    const email = parseEmail(typed)
    if (!email.ok) return c.html(<ForgotPage {...ctx.page(c)} signedIn={signedIn} email={typed} error={emailProblem(email)} />, email.reason === 'forbidden_characters' ? 400 : 422)

    const perClient = await limits.forgotPerClient.hit(`forgot:client:${ctx.clientKey(c)}`)
    const perAddress = perClient.ok ? await limits.forgotPerAddress.hit(`forgot:address:${await addressKey(email.email)}`) : perClient
    const verdict = perAddress.ok ? await limits.forgotPerMailbox.hit(`forgot:mailbox:${await addressKey(mailboxKey(email.email))}`) : perAddress
    if (!verdict.ok) {
      c.header('Retry-After', String(verdict.retryAfterSeconds))
      return c.html(<ForgotPage {...ctx.page(c)} signedIn={signedIn} email={typed} retryAfterSeconds={verdict.retryAfterSeconds} />, 429)
    }

    const account = await accounts.findByEmail(email.email)
    // `sv` binds the link to the password it replaces: once any reset succeeds, older links are void.
    // `locale`: the mail's language, kept with the link so its page speaks the same one.
    const locale = localeOf(c)
    const issued = await ctx.issueWithCode({ purpose: RESET_PURPOSE, accountId: account?.id, ttl: ctx.resetLinkTtlSeconds, data: { sv: account?.sessionVersion ?? 1, locale } })
    if (!issued.ok) {
      c.header('Retry-After', '1')
      return c.html(<ForgotPage {...ctx.page(c)} signedIn={signedIn} email={typed} error={{ key: 'busy.again' }} />, 503)
    }
    ctx.resetTicket.write(c, issued.ticket!)
    background.run(c, 'reset_mail', async () => {
      if (!account) return ctx.logger.info({ event: 'reset_requested', account: null })
      await ctx.mailer.send(await resetMail({ to: account.email, url: `${ctx.publicUrl}/l/${issued.token}`, code: issued.code, expiresAt: issued.expiresAt, ttlMinutes, locale }))
      ctx.logger.info({ event: 'reset_requested', account: account.id, outcome: 'mailed' })
    })
    return checkEmail(c)
  })

  // The code's way to the same form as the link: a right code is exchanged for a fresh reset link
  // of the same account and password version, and the browser is sent to its page (post, redirect,
  // get). So the form is the link page itself: a refresh shows it again (GET never consumes), and its
  // page nonce makes a second press of "Set new password" land where the first did, not on "used".
  // The address of the code form's answers, visited again (Back, a refresh, see PageScript): the
  // code form while this browser still holds its ticket, else the form that asks for a mail.
  app.get('/forgot/code', (c) => (ctx.resetTicket.read(c) ? checkEmail(c) : c.redirect(withAskedLanguage(c, `${ctx.basePath}/forgot`), 303)))

  app.post('/forgot/code', guard, async (c) => {
    const redeemed = await redeemTypedCode(c, ctx, flow)
    if (!redeemed.ok) return redeemed.response
    const formLink = await links.issue({ purpose: RESET_PURPOSE, subject: redeemed.link.subject, ttl: CODE_RESET_FORM_TTL_SECONDS, data: passwordVersionOf(redeemed.link) })
    if (!formLink.ok) {
      c.header('Retry-After', '1')
      return c.html(<ForgotPage {...ctx.page(c)} signedIn={false} error={{ key: 'busy.newCode' }} />, 503)
    }
    // Post-redirect-get: the form is the fresh link's own page, so Back or a refresh after the reset
    // asks for a page again instead of resending a spent code (Chromium's "Confirm Form Resubmission").
    for (const [name, value] of Object.entries(LINK_PAGE_HEADERS)) c.header(name, value)
    return c.redirect(withAskedLanguage(c, `${ctx.basePath}/l/${formLink.token}`), 303)
  })

  return app
}

/** What the form's link keeps of the mailed one: the password version, and the mail's locale. */
function passwordVersionOf(link: OpenLink): { sv?: number; locale?: string } | null {
  const version = link.data?.sv
  const locale = link.data?.locale
  if (typeof version !== 'number' && !isLocale(locale)) return null
  return { ...(typeof version === 'number' && { sv: version }), ...(isLocale(locale) && { locale }) }
}
