import { jsx as _jsx } from "hono/jsx/jsx-runtime";
import { Hono } from 'hono';
import { OutboxPage } from "./pages/outbox-page.js";
/**
 * `/dev/outbox` and `/dev/outbox.json`: the mail the dev outbox kept, newest first. Mounted only
 * outside production, because every message holds a live link.
 */
export function outboxRoutes(ctx, outbox) {
    const app = new Hono();
    app.use('/dev/*', async function noStore(c, next) {
        await next();
        c.header('Cache-Control', 'no-store');
        c.header('X-Robots-Tag', 'noindex');
    });
    app.get('/dev/outbox', async (c) => c.html(_jsx(OutboxPage, { mail: outbox.list(), signedIn: (await ctx.currentAccount(c)) !== undefined })));
    app.get('/dev/outbox.json', (c) => c.json(outbox.list().map(({ to, subject, text, html, sentAt }) => ({ to, subject, text, html, sentAt: sentAt.toISOString() }))));
    return app;
}
