import { createApp } from '../../core/app/create-app.tsx'
import { siteAt } from '../../core/app/site-at.ts'
import { Keyring } from '../../core/keyring.ts'
import { createLinkService, type LinkService } from '../../core/link-service.ts'
import { Metrics } from '../../core/metrics.ts'
import { consoleLogger } from '../../edge/console-logger.ts'
import { DurableObjectSlotStore } from '../../edge/durable-object-slot-store.ts'
import { DurableObjectEventSink } from '../../edge/durable-object-event-sink.ts'
import { readApiReferenceScript } from './api-reference-script.ts'
import type { EdgeConfig } from './edge-config.ts'
import { createEdgeDemo } from '../../demo/edge/edge-demo.ts'
import type { Env } from './env.ts'

/** Origins an isolate keeps an app for when PUBLIC_URL is empty; Workers only route our own hostnames. */
const MAX_ORIGINS = 8

/** What one isolate builds once and reuses for every request it serves. */
export interface EdgeRuntime {
  readonly links: LinkService
  /** The site whose links and form checks use `origin`, unless PUBLIC_URL pins one; under PUBLIC_URL's path prefix, as on Node. */
  appFor(origin: string): { fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> }
}

/**
 * Composes the same app as the Node server (src/server/node/start-server.ts) with the edge's parts:
 * Durable Object slots, the demo on D1, a console logger. Metrics are per isolate, as isolates are.
 */
export async function createEdgeRuntime(env: Env, config: EdgeConfig): Promise<EdgeRuntime> {
  const logger = consoleLogger
  const keyring = await Keyring.fromSecrets(config.keys)
  const metrics = new Metrics()
  const slots = new DurableObjectSlotStore({ slots: env.SLOTS, subjects: env.SUBJECT_SLOTS, counters: env.SLOT_COUNTERS, logger })
  const events = config.webhook && new DurableObjectEventSink(env.WEBHOOK_OUTBOX, logger)
  const links = createLinkService({ keyring, slots, observer: metrics, events })
  const demos = await createEdgeDemo(env, config, { links, logger })

  const build = (publicUrl: string) => {
    const demo = demos.demoFor(publicUrl)
    // No isLocalRequest: at the edge every client is remote, so /metrics always needs a key.
    const app = createApp({ links, apiKey: config.apiKey, metricsToken: config.metricsToken, publicUrl, metrics, logger, linkViews: demo.linkViews, redirectOrigins: config.redirectOrigins, webhookStats: events && (() => events.stats()), wholeSite: true, apiReferenceScript: readApiReferenceScript })
    demo.mount(app)
    return siteAt(publicUrl, app)
  }

  const apps = new Map<string, ReturnType<typeof build>>()
  return {
    links,
    appFor(origin) {
      const publicUrl = config.publicUrl ?? origin
      let app = apps.get(publicUrl)
      if (!app) {
        if (apps.size >= MAX_ORIGINS) apps.delete(apps.keys().next().value!)
        app = build(publicUrl)
        apps.set(publicUrl, app)
      }
      return app
    },
  }
}
