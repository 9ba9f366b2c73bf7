import type { Hono } from 'hono'
import type { LinkView } from '../core/app/link-pages.tsx'
import { accountRoutes } from './account-routes.tsx'
import { confirmEmailView, confirmRoutes } from './confirm-routes.tsx'
import { CONFIRM_PURPOSE, demoContext, RESET_PURPOSE, SIGN_IN_PURPOSE } from './demo-context.ts'
import type { DemoOptions } from './demo-options.ts'
import { forgotRoutes } from './forgot-routes.tsx'
import { outboxRoutes } from './outbox-routes.tsx'
import { pseudoLocaleRoutes } from './pseudo-locale-routes.tsx'
import { pageScriptRoute } from './pages/page-script.tsx'
import { resetPasswordView } from './reset-password-view.tsx'
import { signInRoutes } from './sign-in-routes.tsx'
import { signInView } from './sign-in-view.tsx'

/** The forgot-password demo, ready to attach to an app made by `createApp`. */
export interface Demo {
  /** Pass to `createApp({ linkViews })`: the reset form behind `reset_password` links. */
  readonly linkViews: Record<string, LinkView>
  /** Adds `/`, `/signup`, `/login`, `/login/link`, `/login/code`, `/logout`, `/forgot`, `/forgot/code`, `/confirm` and (with an outbox) `/dev/outbox*` and `/dev/pseudo-locale`. */
  mount(app: Hono<any, any, any>): void
  /** Resolves when mail work started by `/forgot` has finished; for tests and graceful stops. */
  settled(): Promise<void>
}

/**
 * The demo app: accounts, sessions, the forgot-password flow and its mail, on Web APIs only.
 * The runtime supplies the parts in `DemoOptions` (SQLite or D1, scrypt or PBKDF2, SMTP or the
 * dev outbox, an in-memory or Durable Object rate limiter).
 *
 * @example
 * const demo = createDemo({ links, accounts, passwords, mailer: outbox, outbox, publicUrl, sessionSecret, clientAddress })
 * const app = createApp({ links, apiKey, publicUrl, linkViews: demo.linkViews })
 * demo.mount(app)
 */
export function createDemo(options: DemoOptions): Demo {
  const ctx = demoContext(options)
  return {
    linkViews: { [RESET_PURPOSE]: resetPasswordView(ctx), [SIGN_IN_PURPOSE]: signInView(ctx), [CONFIRM_PURPOSE]: confirmEmailView(ctx) },
    mount(app) {
      pageScriptRoute(app)
      app.route('/', accountRoutes(ctx))
      app.route('/', forgotRoutes(ctx))
      app.route('/', signInRoutes(ctx))
      app.route('/', confirmRoutes(ctx))
      if (ctx.outbox) app.route('/', outboxRoutes(ctx, ctx.outbox))
      // The right-to-left specimen, a development aid like the outbox.
      if (ctx.outbox) app.route('/', pseudoLocaleRoutes(ctx.basePath))
    },
    settled: () => ctx.background.settled(),
  }
}
