import type { Context } from 'hono'
import { confirmView, linkProblem, type LinkView } from '../core/app/link-pages.tsx'
import { linkLocale, withAskedLanguage } from '../core/i18n/locale.ts'
import { pageIdempotencyKey, pageNonce } from '../core/app/page-nonce.tsx'
import type { OpenLink } from '../core/link-service.ts'
import { RESET_PURPOSE, type DemoContext } from './demo-context.ts'
import { field } from './form-post.tsx'
import type { FieldErrors } from './pages/account-pages.tsx'
import { passwordProblem } from './pages/page-props.ts'
import { ResetPage } from './pages/reset-page.tsx'
import { checkNewPassword } from './password-policy.ts'

/** Where the expired and used link pages send people for a fresh reset link. */
export const RESET_RENEW_PATH = '/forgot'

/**
 * The link pages' view for `reset_password` links. GET shows the form and uses nothing up (mail
 * scanners open links first). POST checks the new password before anything else, so a typo
 * answers 422 with the link still open; only a valid password consumes the link, and then the
 * password changes, every session ends, and the person's other reset links are revoked.
 */
export function resetPasswordView(ctx: DemoContext): LinkView {
  const { links, accounts, passwords, logger } = ctx
  // reset_password links minted through the API for subjects that are no demo account (the
  // README's example): the library's page, which consumes them, rather than a form that would.
  const plain = confirmView(links)
  const renewPath = ctx.basePath + RESET_RENEW_PATH
  const passwordChanged = (c: Context) => withAskedLanguage(c, `${ctx.basePath}/login?notice=password_changed`)
  // The link's stored locale (its mail's language), like the other link pages.
  const form = (c: Context, token: string, link: OpenLink, email: string, extra: { errors?: FieldErrors; nonce?: string }) => (
    <ResetPage {...ctx.page(c)} action={withAskedLanguage(c, `${ctx.basePath}/l/${token}`)} email={email} expiresAt={link.expiresAt} now={ctx.now()} locale={linkLocale(c, link.data)} {...extra} />
  )

  return {
    renewPath,
    async show(c, link, token) {
      const account = await accounts.getById(link.subject)
      if (!account) return plain.show(c, link, token)
      return c.html(form(c, token, link, account.email, { nonce: pageNonce(c) }))
    },
    // The password was set by the first of these posts; a repeat lands where that one did.
    replayed: async (c, link) => ((await accounts.getById(link.subject)) ? c.redirect(passwordChanged(c), 303) : plain.replayed!(c, link)),
    async submit(c, link, token, posted) {
      const account = await accounts.getById(link.subject)
      if (!account) return plain.submit(c, link, token, posted)
      const errors: FieldErrors = {}
      const checked = checkNewPassword(field(posted, 'password'))
      if (!checked.ok) errors.password = passwordProblem(checked)
      else if (field(posted, 'password_confirmation') !== checked.password) errors.password_confirmation = { key: 'password.mismatch' }
      if (!checked.ok || errors.password_confirmation) {
        return c.html(form(c, token, link, account.email, { errors, nonce: pageNonceOf(posted) }), 422)
      }

      // Hash first: once the link is consumed, the new password should be stored at once, not
      // a few hundred milliseconds of KDF later.
      const hashed = await ctx.hashing.signIn.run(() => passwords.hash(checked.password))
      if (!hashed.ok) {
        c.header('Retry-After', String(hashed.retryAfterSeconds))
        return c.html(form(c, token, link, account.email, { errors: { password: { key: 'busy.reset' } }, nonce: pageNonceOf(posted) }), 503)
      }
      const passwordHash = hashed.value
      const consumed = await links.consume(token, { purpose: RESET_PURPOSE, idempotencyKey: pageIdempotencyKey(c, posted) })
      if (!consumed.ok) return linkProblem(c, consumed, renewPath)
      if (consumed.replayed) return c.redirect(passwordChanged(c), 303)

      const changed = await accounts.setPassword(account.id, passwordHash, issuedForVersion(consumed.link) ?? account.sessionVersion)
      // Stale: the password changed since this link was minted (another link won); this one is void.
      if (!changed.ok) return linkProblem(c, 'used', renewPath)
      // The reset mail reached its owner: that confirms the address, as the confirmation would.
      await accounts.confirmEmail(account.id)
      const endedSessions = await accounts.endSessions(account.id)
      const revoked = await links.revokeSubject(account.id, RESET_PURPOSE)
      logger.info({ event: 'password_reset', account: account.id, revokedLinks: revoked, endedSessions })
      return c.redirect(passwordChanged(c), 303)
    },
  }
}

/**
 * The session version the link was minted under (`data.sv`), which binds it to the password it
 * replaces. Links minted through the API without it apply to whatever the version is now.
 */
/** The nonce the form came with, to carry on into the form shown again (422, 503). */
function pageNonceOf(form: FormData): string | undefined {
  const nonce = field(form, 'page_nonce')
  return nonce === '' ? undefined : nonce
}

function issuedForVersion(link: OpenLink): number | undefined {
  const version = link.data?.sv
  return typeof version === 'number' && Number.isSafeInteger(version) ? version : undefined
}
