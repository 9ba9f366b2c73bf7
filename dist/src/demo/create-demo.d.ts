import type { Hono } from 'hono';
import type { LinkView } from '../core/app/link-pages.tsx';
import type { DemoOptions } from './demo-options.ts';
/** The forgot-password demo, ready to attach to an app made by `createApp`. */
export interface Demo {
    /** Pass to `createApp({ linkViews })`: the reset form behind `reset_password` links. */
    readonly linkViews: Record<string, LinkView>;
    /** Adds `/`, `/signup`, `/login`, `/logout`, `/forgot` and (with an outbox) `/dev/outbox*`. */
    mount(app: Hono<any, any, any>): void;
    /** Resolves when mail work started by `/forgot` has finished; for tests and graceful stops. */
    settled(): Promise<void>;
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
export declare function createDemo(options: DemoOptions): Demo;
