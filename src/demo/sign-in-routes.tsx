import { Hono, type Context } from 'hono'
import { localeOf, withAskedLanguage } from '../core/i18n/locale.ts'
import { redeemTypedCode, type CodeFlow } from './code-redemption.tsx'
import { addressKey, SIGN_IN_PURPOSE, SIGN_IN_TTL_SECONDS, type DemoContext } from './demo-context.ts'
import { mailboxKey, parseEmail } from './email-address.ts'
import { field, formPost, readForm } from './form-post.tsx'
import { emailProblem, UNREADABLE_FORM } from './pages/page-props.ts'
import { LoginPage } from './pages/account-pages.tsx'
import type { CodeFormProblem } from './pages/code-form.tsx'
import { CheckSignInEmailPage } from './pages/sign-in-pages.tsx'
import { signInMail } from './sign-in-mail.tsx'

/**
 * Magic sign-in: POST /login/link mails a `sign_in` link and code (10 minutes) and answers with a
 * code form for this browser, the same page, cookie shape and time for any well-formed address
 * (a decoy link stands in for a missing account, see DemoContext.issueWithCode). POST /login/code
 * signs in the browser that asked; the link signs in whichever browser presses its button
 * (sign-in-view.tsx). The mail limits are the reset flow's limiters under their own keys.
 */
export function signInRoutes(ctx: DemoContext): Hono {
  const { limits, accounts, background } = ctx
  const guard = formPost(ctx)
  const ttlMinutes = Math.round(SIGN_IN_TTL_SECONDS / 60)
  const app = new Hono()
  const checkEmail = (c: Context, problem?: CodeFormProblem, status: 200 | 400 | 422 = 200) =>
    c.html(<CheckSignInEmailPage {...ctx.page(c)} ttlMinutes={ttlMinutes} outbox={ctx.outbox !== undefined} problem={problem} />, status)
  const flow: CodeFlow = {
    purpose: SIGN_IN_PURPOSE,
    ticket: ctx.signInTicket,
    renew: { path: '/login', label: 'renew.signIn' },
    retry: checkEmail,
  }

  // The addresses of the code form and its answers, visited again (Back, a refresh, see PageScript):
  // the code form while this browser still holds its ticket, else the sign-in page.
  const revisit = (c: Context) => (ctx.signInTicket.read(c) ? checkEmail(c) : c.redirect(withAskedLanguage(c, `${ctx.basePath}/login`), 303))
  app.get('/login/link', revisit)
  app.get('/login/code', revisit)

  app.post('/login/link', guard, async (c) => {
    const form = await readForm(c)
    if (!form) return c.html(<LoginPage {...ctx.page(c)} linkError={UNREADABLE_FORM} />, 400)
    const typed = field(form, 'email')
    const email = parseEmail(typed)
    if (!email.ok) return c.html(<LoginPage {...ctx.page(c)} linkEmail={typed} linkError={emailProblem(email)} />, email.reason === 'forbidden_characters' ? 400 : 422)

    const perClient = await limits.forgotPerClient.hit(`sign_in_link:client:${ctx.clientKey(c)}`)
    const perAddress = perClient.ok ? await limits.forgotPerAddress.hit(`sign_in_link:address:${await addressKey(email.email)}`) : perClient
    const verdict = perAddress.ok ? await limits.forgotPerMailbox.hit(`sign_in_link:mailbox:${await addressKey(mailboxKey(email.email))}`) : perAddress
    if (!verdict.ok) {
      c.header('Retry-After', String(verdict.retryAfterSeconds))
      return c.html(<LoginPage {...ctx.page(c)} linkEmail={typed} retryAfterSeconds={verdict.retryAfterSeconds} />, 429)
    }

    const account = await ctx.signInAccount(email.email)
    // `locale`: the mail's language, kept with the link so its page speaks the same one.
    const locale = localeOf(c)
    const issued = await ctx.issueWithCode({ purpose: SIGN_IN_PURPOSE, accountId: account?.id, ttl: SIGN_IN_TTL_SECONDS, data: { sv: account?.sessionVersion ?? 1, locale } })
    if (!issued.ok) {
      c.header('Retry-After', '1')
      return c.html(<LoginPage {...ctx.page(c)} linkEmail={typed} linkError={{ key: 'busy.again' }} />, 503)
    }
    ctx.signInTicket.write(c, issued.ticket!)
    background.run(c, 'sign_in_mail', async () => {
      if (!account) return ctx.logger.info({ event: 'sign_in_link_requested', account: null })
      await ctx.mailer.send(await signInMail({ to: account.email, url: `${ctx.publicUrl}/l/${issued.token}`, code: issued.code, expiresAt: issued.expiresAt, ttlMinutes, locale }))
      ctx.logger.info({ event: 'sign_in_link_requested', account: account.id, outcome: 'mailed' })
    })
    return checkEmail(c)
  })

  app.post('/login/code', guard, async (c) => {
    const redeemed = await redeemTypedCode(c, ctx, flow)
    if (!redeemed.ok) return redeemed.response
    const account = await accounts.getById(redeemed.link.subject)
    // The password changed (or the account went) since the mail: this sign-in is void with it.
    if (!account || account.sessionVersion !== redeemed.link.data?.sv) return c.html(<LoginPage {...ctx.page(c)} failed />, 401)
    await ctx.sessions.start(c, account)
    ctx.logger.info({ event: 'signed_in', account: account.id, by: 'code' })
    return c.redirect(withAskedLanguage(c, `${ctx.basePath}/`), 303)
  })

  return app
}
