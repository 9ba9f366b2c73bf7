import { accountRoutes } from "./account-routes.js";
import { demoContext, RESET_PURPOSE } from "./demo-context.js";
import { forgotRoutes } from "./forgot-routes.js";
import { outboxRoutes } from "./outbox-routes.js";
import { resetPasswordView } from "./reset-password-view.js";
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
export function createDemo(options) {
    const ctx = demoContext(options);
    return {
        linkViews: { [RESET_PURPOSE]: resetPasswordView(ctx) },
        mount(app) {
            app.route('/', accountRoutes(ctx));
            app.route('/', forgotRoutes(ctx));
            if (ctx.outbox)
                app.route('/', outboxRoutes(ctx, ctx.outbox));
        },
        settled: () => ctx.background.settled(),
    };
}
