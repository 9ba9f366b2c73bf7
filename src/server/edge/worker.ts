/**
 * The Workers entry: the same Hono app as `npm start`, with Durable Object slots and the demo on D1.
 * wrangler.toml points here; the Durable Object classes must be exported from this module.
 */
import { errorBody } from '../../core/errors.ts'
import { consoleLogger } from '../../edge/console-logger.ts'
import { readEdgeConfig, type EdgeConfigProblem } from './edge-config.ts'
import { createEdgeRuntime, type EdgeRuntime } from './edge-runtime.ts'
import type { Env } from './env.ts'

export { RateLimitWindow } from '../../demo/edge/rate-limit-window.ts'
export { SlotCounters } from '../../edge/slot-counters.ts'
export { SlotObject } from '../../edge/slot-object.ts'
export { SubjectSlots } from '../../edge/subject-slots.ts'
export { WebhookOutbox } from '../../edge/webhook-outbox.ts'

/** Per isolate: the bindings object is the same for every request an isolate serves. */
const runtimes = new WeakMap<Env, Promise<EdgeRuntime | EdgeConfigProblem>>()

function runtimeFor(env: Env): Promise<EdgeRuntime | EdgeConfigProblem> {
  let runtime = runtimes.get(env)
  if (!runtime) {
    const config = readEdgeConfig(env)
    if (!config.ok) consoleLogger.error({ event: 'misconfigured', variable: config.error.variable }, `${config.error.variable} ${config.error.problem}`)
    runtime = config.ok ? createEdgeRuntime(env, config.config) : Promise.resolve(config.error)
    runtimes.set(env, runtime)
    // A failed build is not kept: the next request tries again rather than failing forever.
    runtime.catch(() => runtimes.delete(env))
  }
  return runtime
}

export default {
  async fetch(request, env, ctx) {
    const runtime = await runtimeFor(env)
    if ('variable' in runtime) {
      // Names the setting and what is wrong with it, never its value.
      return Response.json(errorBody('internal_error', { message: `slotlink is not configured: ${runtime.variable} ${runtime.problem}` }), { status: 500 })
    }
    return runtime.appFor(new URL(request.url).origin).fetch(request, env, ctx)
  },
} satisfies ExportedHandler<Env>
