import { confirmView, linkProblem, type LinkView } from '../core/app/link-pages.tsx'
import type { Context } from 'hono'
import type { OpenLink } from '../core/link-service.ts'
import { pageIdempotencyKey, pageNonce } from '../core/app/page-nonce.tsx'
import { linkLocale, withAskedLanguage } from '../core/i18n/locale.ts'
import { SIGN_IN_PURPOSE, type DemoContext } from './demo-context.ts'
import { maskEmail } from './email-address.ts'
import { linkPageMessages } from './link-page-messages.ts'
import { SignInLinkPage } from './pages/sign-in-pages.tsx'

/** Where the expired and used sign-in link pages send people. */
export const SIGN_IN_RENEW_PATH = '/login'

/**
 * The link pages' view for `sign_in` links. GET names the account (masked) and signs nobody in:
 * scanners open links and run their scripts. Only the POST of its button consumes the link and
 * starts a session, in the browser that pressed it.
 */
export function signInView(ctx: DemoContext): LinkView {
  const { links, accounts, logger } = ctx
  // sign_in links minted through the API for subjects that are no demo account: the library's page.
  const plain = confirmView(links)
  const renewPath = ctx.basePath + SIGN_IN_RENEW_PATH
  async function signIn(c: Context, link: OpenLink) {
    const account = await accounts.getById(link.subject)
    // Minted under an older password: a reset since then voids it, like the reset's own links.
    if (!account || account.sessionVersion !== link.data?.sv) return linkProblem(c, 'used', renewPath)
    if ((await ctx.currentAccount(c))?.id !== account.id) await ctx.sessions.start(c, account)
    logger.info({ event: 'signed_in', account: account.id, by: 'link' })
    return c.redirect(withAskedLanguage(c, `${ctx.basePath}/`), 303)
  }
  return {
    renewPath,
    usedNext: { href: `${ctx.basePath}/`, label: (locale) => linkPageMessages(locale).text('next.account') },
    async show(c, link, token) {
      const account = await accounts.getById(link.subject)
      if (!account) return plain.show(c, link, token)
      return c.html(<SignInLinkPage {...ctx.page(c)} maskedEmail={maskEmail(account.email)} action={withAskedLanguage(c, `${ctx.basePath}/l/${token}`)} expiresAt={link.expiresAt} nonce={pageNonce(c)} locale={linkLocale(c, link.data)} />)
    },
    async submit(c, link, token, form) {
      if (!(await accounts.getById(link.subject))) return plain.submit(c, link, token, form)
      const consumed = await links.consume(token, { purpose: SIGN_IN_PURPOSE, idempotencyKey: pageIdempotencyKey(c, form) })
      if (!consumed.ok) return linkProblem(c, consumed, renewPath)
      return signIn(c, consumed.link)
    },
    // The same browser pressed again (double click, refresh): it is signed in, as the first press did.
    replayed: async (c, link) => ((await accounts.getById(link.subject)) ? signIn(c, link) : plain.replayed!(c, link)),
  }
}
