import { Hono } from 'hono'
import type { DemoContext } from './demo-context.ts'
import type { SentMail } from './outbox.ts'
import { OutboxPage } from './pages/outbox-page.tsx'
import { Layout } from '../core/pages/layout.tsx'
import { demoPageMessages } from './demo-page-messages.ts'

/**
 * `/dev/outbox` and `/dev/outbox.json`: the mail the dev outbox kept, newest first. Mounted only
 * outside production, because every message holds a live link, and then only to whom the runtime
 * allows (`outboxAccess`: loopback clients and API-key holders).
 */
export function outboxRoutes(ctx: DemoContext, outbox: { list(): readonly SentMail[] }): Hono {
  const app = new Hono()
  app.use('/dev/*', async function noStore(c, next) {
    await next()
    c.header('Cache-Control', 'no-store')
    c.header('X-Robots-Tag', 'noindex')
  })
  app.use('/dev/*', async function onlyForTheDeveloper(c, next) {
    if (ctx.outboxAccess(c)) return next()
    if (c.req.path.endsWith('.json')) return c.json({ error: 'forbidden', message: 'The dev outbox is served to this machine only, or with the API key.' }, 403)
    const { locale, base, sitePath } = ctx.page(c)
    const t = demoPageMessages(locale)
    return c.html(<Layout title={t.text('outbox.forbidden.title')} base={base} home={sitePath('/')} locale={locale}><p>{t.text('outbox.forbidden.text')}</p></Layout>, 403)
  })
  app.get('/dev/outbox', async (c) => c.html(<OutboxPage {...ctx.page(c)} mail={outbox.list()} signedIn={(await ctx.currentAccount(c)) !== undefined} />))
  app.get('/dev/outbox.json', (c) =>
    c.json(outbox.list().map(({ to, subject, text, html, sentAt }) => ({ to, subject, text, html, sentAt: sentAt.toISOString() }))),
  )
  return app
}
