import { collectDefaultMetrics, Registry } from 'prom-client'
import type { MetricsCollector } from '../../core/metrics.ts'

/**
 * The Node process's own metrics (CPU, resident memory, heap, event-loop lag, GC, handles), in
 * prom-client's standard names (`process_*`, `nodejs_*`), for `/metrics`. Only the default
 * collectors: slotlink's own metrics stay in the runtime-agnostic core. Read at scrape time, so
 * requests pay nothing for them.
 */
export function nodeProcessMetrics(): MetricsCollector {
  // A registry of its own: several servers in one process (tests) must not share global state.
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  return () => registry.metrics()
}
