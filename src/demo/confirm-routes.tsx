import { Hono, type Context } from 'hono'
import { confirmView, linkProblem, type LinkView } from '../core/app/link-pages.tsx'
import { pageIdempotencyKey, pageNonce } from '../core/app/page-nonce.tsx'
import { linkLocale, localeOf, withAskedLanguage } from '../core/i18n/locale.ts'
import type { Account } from './account-store.ts'
import { redeemTypedCode, type CodeFlow } from './code-redemption.tsx'
import { CONFIRM_PURPOSE, CONFIRM_TTL_SECONDS, type DemoContext } from './demo-context.ts'
import { formPost } from './form-post.tsx'
import { linkPageMessages } from './link-page-messages.ts'
import type { CodeFormProblem } from './pages/code-form.tsx'
import { AddressConfirmedPage, CheckConfirmEmailPage, ConfirmLinkPage } from './pages/confirm-pages.tsx'
import { alreadyRegisteredMail, confirmMail } from './signup-mails.tsx'

const CONFIRM_RENEW_PATH = '/signup'
const TTL_HOURS = Math.round(CONFIRM_TTL_SECONDS / 3600)

/** The "check your email" page of sign-up and /confirm, with the code form. */
export function checkConfirmEmail(ctx: DemoContext, c: Context, problem?: CodeFormProblem, status: 200 | 400 | 422 = 200) {
  return c.html(<CheckConfirmEmailPage {...ctx.page(c)} ttlHours={TTL_HOURS} outbox={ctx.outbox !== undefined} problem={problem} />, status)
}

/**
 * What sign-up does once the password is hashed, for a new address and a taken one alike: mint a
 * confirm_email link with a code (a decoy for a confirmed account, whose owner gets a mail saying
 * so instead), set the ticket cookie, mail in the background, answer the same page.
 */
export async function sendConfirmation(ctx: DemoContext, c: Context, pending: Account | undefined, taken: Account | undefined): Promise<Response> {
  const account = pending
  // `locale`: the mail's language, kept with the link so its page speaks the same one.
  const locale = localeOf(c)
  const issued = await ctx.issueWithCode({ purpose: CONFIRM_PURPOSE, accountId: account?.id, ttl: CONFIRM_TTL_SECONDS, data: { sv: account?.sessionVersion ?? 1, locale } })
  if (!issued.ok) {
    c.header('Retry-After', '1')
    return c.html(<CheckConfirmEmailPage {...ctx.page(c)} ttlHours={TTL_HOURS} outbox={false} />, 503)
  }
  ctx.confirmTicket.write(c, issued.ticket!)
  ctx.background.run(c, 'confirm_mail', async () => {
    if (account) {
      await ctx.mailer.send(await confirmMail({ to: account.email, url: `${ctx.publicUrl}/l/${issued.token}`, code: issued.code, expiresAt: issued.expiresAt, ttlMinutes: TTL_HOURS * 60, locale }))
      ctx.logger.info({ event: 'confirmation_sent', account: account.id })
    } else if (taken) {
      await ctx.mailer.send(await alreadyRegisteredMail({ to: taken.email, publicUrl: ctx.publicUrl, locale }))
      ctx.logger.info({ event: 'signup_for_taken_address', account: taken.id })
    }
  })
  return checkConfirmEmail(ctx, c)
}

/** Confirms the account a confirm_email link or code was minted for, if it is still that sign-up. */
async function confirmAccount(ctx: DemoContext, subject: string, version: unknown): Promise<Account | undefined> {
  const account = await ctx.accounts.getById(subject)
  // A later sign-up with the same unconfirmed address replaced the password: this mail is void.
  if (!account || account.sessionVersion !== version) return undefined
  await ctx.accounts.confirmEmail(account.id)
  ctx.logger.info({ event: 'email_confirmed', account: account.id })
  return { ...account, emailConfirmed: true }
}

/** GET /confirm shows the code form; POST /confirm takes the code in the browser that signed up and signs it in. */
export function confirmRoutes(ctx: DemoContext): Hono {
  const guard = formPost(ctx)
  const app = new Hono()
  const flow: CodeFlow = {
    purpose: CONFIRM_PURPOSE,
    ticket: ctx.confirmTicket,
    renew: { path: CONFIRM_RENEW_PATH, label: 'renew.signup' },
    retry: (c, problem, status) => checkConfirmEmail(ctx, c, problem, status),
  }
  app.get('/confirm', (c) => checkConfirmEmail(ctx, c))
  app.post('/confirm', guard, async (c) => {
    const redeemed = await redeemTypedCode(c, ctx, flow)
    if (!redeemed.ok) return redeemed.response
    const account = await confirmAccount(ctx, redeemed.link.subject, redeemed.link.data?.sv)
    if (!account) return linkProblem(c, 'used', ctx.basePath + CONFIRM_RENEW_PATH)
    // This browser chose the password at sign-up and now proved the mailbox: it is signed in.
    await ctx.sessions.start(c, account)
    return c.redirect(withAskedLanguage(c, `${ctx.basePath}/`), 303)
  })
  return app
}

/**
 * The link pages' view for confirm_email links: GET shows a button, its POST confirms (and signs in
 * nobody). A confirm_email link minted through the API for a subject that is no demo account gets
 * the library's plain confirm page instead, as it would without the demo.
 */
export function confirmEmailView(ctx: DemoContext): LinkView {
  const plain = confirmView(ctx.links)
  const isAccount = async (subject: string) => (await ctx.accounts.getById(subject)) !== undefined
  return {
    renewPath: ctx.basePath + CONFIRM_RENEW_PATH,
    usedNext: { href: `${ctx.basePath}/login`, label: (locale) => linkPageMessages(locale).text('next.signIn') },
    async show(c, link, token) {
      if (!(await isAccount(link.subject))) return plain.show(c, link, token)
      return c.html(<ConfirmLinkPage {...ctx.page(c)} action={withAskedLanguage(c, `${ctx.basePath}/l/${token}`)} expiresAt={link.expiresAt} nonce={pageNonce(c)} locale={linkLocale(c, link.data)} />)
    },
    async replayed(c, link) {
      if (!(await isAccount(link.subject))) return plain.replayed!(c, link)
      return c.html(<AddressConfirmedPage {...ctx.page(c)} locale={linkLocale(c, link.data)} />)
    },
    async submit(c, link, token, form) {
      if (!(await isAccount(link.subject))) return plain.submit(c, link, token, form)
      const consumed = await ctx.links.consume(token, { purpose: CONFIRM_PURPOSE, idempotencyKey: pageIdempotencyKey(c, form) })
      if (!consumed.ok) return linkProblem(c, consumed, ctx.basePath + CONFIRM_RENEW_PATH)
      const locale = linkLocale(c, link.data)
      if (consumed.replayed) return c.html(<AddressConfirmedPage {...ctx.page(c)} locale={locale} />)
      const account = await confirmAccount(ctx, consumed.link.subject, consumed.link.data?.sv)
      if (!account) return linkProblem(c, 'used', ctx.basePath + CONFIRM_RENEW_PATH)
      return c.html(<AddressConfirmedPage {...ctx.page(c)} locale={locale} />)
    },
  }
}
