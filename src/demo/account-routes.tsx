import { Hono, type Context } from 'hono'
import { withAskedLanguage } from '../core/i18n/locale.ts'
import type { Account } from './account-store.ts'
import { sendConfirmation } from './confirm-routes.tsx'
import { addressKey, type DemoContext } from './demo-context.ts'
import { mailboxKey, parseEmail } from './email-address.ts'
import { field, formPost, readForm } from './form-post.tsx'
import { HomePage, LOGIN_NOTICES, LoginPage, SignupPage, WelcomePage, type FieldErrors, type LoginNotice } from './pages/account-pages.tsx'
import { emailProblem, passwordProblem, UNREADABLE_FORM } from './pages/page-props.ts'
import { checkNewPassword } from './password-policy.ts'

/**
 * Sign up, sign in, sign out and the home page. Sign-up answers "confirm your address" (with a
 * code form) for a new and a taken address alike; the account can sign in once confirmed
 * (confirm-routes.tsx). A successful sign-in sets the session cookie and answers 303 to `/`; a failed sign-in is a 401 page that does not say which of the
 * two fields was wrong (only, for a blank or malformed field, that it is blank or malformed).
 */
export function accountRoutes(ctx: DemoContext): Hono {
  const { accounts, passwords, sessions, logger } = ctx
  const guard = formPost(ctx)
  const app = new Hono()

  /**
   * Checked against when no account has the address, so that "no such account" takes as long as
   * "wrong password" and sign-in timing does not reveal who has an account.
   */
  let decoy: Promise<string> | undefined
  const decoyHash = () => (decoy ??= passwords.hash(crypto.randomUUID()))

  app.get('/', async (c) => {
    const account = await ctx.currentAccount(c)
    if (account) return c.html(<HomePage {...ctx.page(c)} email={account.email} />)
    // Signed out by a reset on another device: say so, instead of a welcome as if nothing happened.
    if (await sessions.endedElsewhere(c)) return c.redirect(withAskedLanguage(c, `${ctx.basePath}/login?notice=session_ended`), 303)
    return c.html(<WelcomePage {...ctx.page(c)} />)
  })

  app.get('/signup', (c) => c.html(<SignupPage {...ctx.page(c)} />))
  app.post('/signup', guard, async (c) => {
    // Limits before anything costs: the client's budget, then everyone's together.
    const perClient = await ctx.limits.signupPerClient.hit(`signup:client:${ctx.clientKey(c)}`)
    const limited = perClient.ok ? await ctx.limits.signupGlobal.hit('signup:all') : perClient
    const form = await readForm(c)
    const typed = form ? field(form, 'email') : undefined
    if (!limited.ok) {
      c.header('Retry-After', String(limited.retryAfterSeconds))
      return c.html(<SignupPage {...ctx.page(c)} email={typed} retryAfterSeconds={limited.retryAfterSeconds} />, 429)
    }
    if (!form) return c.html(<SignupPage {...ctx.page(c)} errors={{ email: UNREADABLE_FORM }} status="invalid" />, 400)
    const email = parseEmail(field(form, 'email'))
    const password = checkNewPassword(field(form, 'password'))
    if (!email.ok || !password.ok) {
      const errors: FieldErrors = { email: email.ok ? undefined : emailProblem(email), password: password.ok ? undefined : passwordProblem(password) }
      return c.html(<SignupPage {...ctx.page(c)} email={typed} errors={errors} status="invalid" />, !email.ok && email.reason === 'forbidden_characters' ? 400 : 422)
    }
    // Each address, and each mailbox behind its +tags, gets only so many confirmation mails (or
    // "already registered" notices): sign-up must not be a way to flood someone's inbox. Keyed by the
    // address, never by the account, so a taken and a new address meet the same limit and 429.
    const perAddress = await ctx.limits.forgotPerAddress.hit(`signup:address:${await addressKey(email.email)}`)
    const perMailbox = perAddress.ok ? await ctx.limits.forgotPerMailbox.hit(`signup:mailbox:${await addressKey(mailboxKey(email.email))}`) : perAddress
    if (!perMailbox.ok) {
      c.header('Retry-After', String(perMailbox.retryAfterSeconds))
      return c.html(<SignupPage {...ctx.page(c)} email={typed} addressRetryAfterSeconds={perMailbox.retryAfterSeconds} />, 429)
    }
    const hashed = await ctx.hashing.signup.run(() => passwords.hash(password.password))
    if (!hashed.ok) {
      c.header('Retry-After', String(hashed.retryAfterSeconds))
      return c.html(<SignupPage {...ctx.page(c)} email={typed} busyRetryAfterSeconds={hashed.retryAfterSeconds} />, 503)
    }
    // From here on a new and a taken address take the same steps and get the same page; only the
    // mail (sent later) differs. An unconfirmed account belongs to its latest sign-up: its password
    // is replaced and older confirmations are void (they carry the old version), so whoever signed
    // up first with somebody else's address cannot keep the account once its owner signs up.
    const existing = await accounts.findByEmail(email.email)
    let pending: Account | undefined
    if (!existing) {
      const created = await accounts.create({ email: email.email, passwordHash: hashed.value })
      if (created.ok) {
        pending = created.account
        logger.info({ event: 'account_created', account: created.account.id })
      }
    } else if (!existing.emailConfirmed) {
      const replaced = await accounts.setPassword(existing.id, hashed.value, existing.sessionVersion)
      if (replaced.ok) pending = replaced.account
    }
    return sendConfirmation(ctx, c, pending, pending ? undefined : existing)
  })

  app.get('/login', (c) => c.html(<LoginPage {...ctx.page(c)} notice={loginNotice(c)} />))
  app.post('/login', guard, async (c) => {
    const limited = await ctx.limits.loginPerClient.hit(`login:client:${ctx.clientKey(c)}`)
    const form = await readForm(c)
    const typed = form ? field(form, 'email') : undefined
    if (!limited.ok) {
      c.header('Retry-After', String(limited.retryAfterSeconds))
      return c.html(<LoginPage {...ctx.page(c)} email={typed} retryAfterSeconds={limited.retryAfterSeconds} />, 429)
    }
    if (!form) return c.html(<LoginPage {...ctx.page(c)} errors={{ email: UNREADABLE_FORM }} />, 400)
    const email = parseEmail(field(form, 'email'))
    const password = field(form, 'password')
    if (!email.ok || password === '') {
      // Still 401, as the contract has it for every failed sign-in, but saying which field to fix.
      const errors: FieldErrors = { email: email.ok ? undefined : emailProblem(email), password: password === '' ? { key: 'password.enterCurrent' } : undefined }
      return c.html(<LoginPage {...ctx.page(c)} email={typed} errors={errors} />, 401)
    }
    const account = await accounts.findByEmail(email.email)
    const stored = account?.passwordHash ?? (await decoyHash())
    const matches = await ctx.hashing.signIn.run(() => passwords.verify(password, stored))
    if (!matches.ok) {
      c.header('Retry-After', String(matches.retryAfterSeconds))
      return c.html(<LoginPage {...ctx.page(c)} email={typed} busyRetryAfterSeconds={matches.retryAfterSeconds} />, 503)
    }
    if (!account || !matches.value) return c.html(<LoginPage {...ctx.page(c)} email={typed} failed />, 401)
    // Only someone who knows the password learns this; the address itself is not yet proven.
    if (!account.emailConfirmed) return c.html(<LoginPage {...ctx.page(c)} email={typed} unconfirmed />, 401)
    await sessions.start(c, account)
    return c.redirect(withAskedLanguage(c, `${ctx.basePath}/`), 303)
  })

  app.post('/logout', guard, async (c) => {
    // Ended on the server: a copy of the cookie (another device, a stolen one) stops working too.
    await sessions.end(c)
    return c.redirect(withAskedLanguage(c, `${ctx.basePath}/login?notice=signed_out`), 303)
  })

  return app
}

function loginNotice(c: Context): LoginNotice | undefined {
  const notice = c.req.query('notice')
  return (LOGIN_NOTICES as readonly string[]).includes(notice ?? '') ? (notice as LoginNotice) : undefined
}
