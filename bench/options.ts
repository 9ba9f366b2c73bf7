/**
 * What one `npm run bench` does and for how long: flags (`--duration=10`) win over environment
 * variables (`BENCH_DURATION=10`), which win over the defaults. The smoke test runs the same
 * harness with tiny values.
 */
export interface BenchOptions {
  /** Seconds of load before each measured window, to warm the JIT, pools and connections. */
  readonly warmupSeconds: number
  /** Seconds of each measured window. */
  readonly durationSeconds: number
  /** Concurrent HTTP connections of the load generator. */
  readonly connections: number
  /** Servers under test, in the order they run. */
  readonly servers: readonly ServerName[]
  /**
   * Slices each flat-out window is cut into: every server gets one slice in turn until each has
   * had the whole window, so that drift over the minute a scenario takes falls on all alike.
   */
  readonly slices: number
  /** Rounds of every server × scenario; the report keeps each row's median and each ratio's median over rounds. */
  readonly rounds: number
  /** Links opened for the memory-per-link row (0: skip it). */
  readonly memoryLinks: number
  /** Open-link counts at which mint and consume are measured again (empty: skip growth). */
  readonly growth: readonly number[]
  /** Starts of the compiled server timed to its first answer (bench/startup.ts; 0: skip). */
  readonly startupRuns: number
  /** Where the JSON and SVG go. */
  readonly outDir: string
}

/**
 * `ceiling`, `redis` and `postgres` run slotlink's own app (createApp) over a peer's store;
 * `lean-ceiling` and `lean-redis` are the same API subset written plainly on Hono, with no logs,
 * metrics or headers (bench/servers/lean-server.ts): what a user's hand-written endpoint costs.
 * `lean-safe` is the lean ceiling with slotlink's request id, API headers, metrics and request
 * line written plainly: what the safety issue 20 keeps on costs without the framework, so that a
 * missed lean target says in the same run how far that safety alone gets (report.ts, `boundOf`).
 */
export const SERVER_NAMES = ['slotlink', 'ceiling', 'redis', 'postgres', 'lean-ceiling', 'lean-redis', 'lean-safe'] as const
/**
 * Run only when asked for: slotlink's service with its tag check as shipped and with the HMAC
 * replaced by a constant (bench/servers/slotlink-mac-bound.ts), to measure what the check costs;
 * and the ceiling answering every consume with a refusal, the same answer slotlink gives a forgery;
 * and slotlink as shipped with lifecycle webhooks on, POSTing to a local sink (bench/servers/webhook-sink.ts),
 * for the issue's "consume with webhooks on ≥ 0.9× off" (`--servers=slotlink,slotlink-webhooks`);
 * and `lean-safe-plain`, lean-safe with its headers as one plain object instead of through Hono's
 * context.
 */
export const EXPERIMENT_NAMES = ['lean-safe-plain', 'slotlink-mac', 'slotlink-no-mac', 'ceiling-refusing', 'slotlink-webhooks'] as const
/** The refusing ceiling spending N µs of CPU on each consume first (`ceiling-busy-3us`): see bench/forged-budget.ts. */
export type BusyCeilingName = `ceiling-busy-${number}us`
export type ServerName = (typeof SERVER_NAMES)[number] | (typeof EXPERIMENT_NAMES)[number] | BusyCeilingName

/** The microseconds in a `ceiling-busy-<N>us` name, or undefined for any other name. */
export function busyMicros(name: string): number | undefined {
  const match = /^ceiling-busy-(\d{1,4}(?:\.\d{1,3})?)us$/.exec(name)
  return match ? Number(match[1]) : undefined
}

export function isServerName(name: string): name is ServerName {
  return [...SERVER_NAMES, ...EXPERIMENT_NAMES].includes(name as never) || busyMicros(name) !== undefined
}

const DEFAULTS = {
  warmup: '3',
  duration: '10',
  connections: '64',
  servers: SERVER_NAMES.join(','),
  slices: '5',
  rounds: '1',
  'memory-links': '1000000',
  growth: '10000,1000000,5000000',
  startup: '5',
  out: 'bench/results',
}
type Key = keyof typeof DEFAULTS

/** Reads `--name=value` flags and `BENCH_NAME` variables. */
export function parseOptions(argv: readonly string[], env: Record<string, string | undefined>): BenchOptions {
  const flags = new Map<string, string>()
  for (const arg of argv) {
    const match = /^--([a-z-]+)=(.*)$/.exec(arg)
    if (!match || !(match[1]! in DEFAULTS)) throw new Error(`unknown argument ${arg}; known: ${Object.keys(DEFAULTS).map((k) => `--${k}=`).join(' ')}`)
    flags.set(match[1]!, match[2]!)
  }
  const read = (key: Key) => flags.get(key) ?? env[`BENCH_${key.toUpperCase().replace(/-/g, '_')}`] ?? DEFAULTS[key]
  const number = (key: Key, min: number) => {
    const value = Number(read(key))
    if (!Number.isFinite(value) || value < min) throw new Error(`--${key} must be a number ≥ ${min}`)
    return value
  }
  const list = (key: Key) => read(key).split(',').map((s) => s.trim()).filter((s) => s !== '')
  const servers = list('servers')
  for (const name of servers) if (!isServerName(name)) throw new Error(`--servers: unknown server ${name}`)
  return {
    warmupSeconds: number('warmup', 0),
    durationSeconds: number('duration', 0.1),
    connections: Math.round(number('connections', 1)),
    servers: servers as ServerName[],
    slices: Math.round(number('slices', 1)),
    rounds: Math.round(number('rounds', 1)),
    memoryLinks: Math.round(number('memory-links', 0)),
    growth: list('growth').map((n) => {
      const value = Number(n)
      if (!Number.isInteger(value) || value < 0) throw new Error('--growth takes whole numbers')
      return value
    }),
    startupRuns: Math.round(number('startup', 0)),
    outDir: read('out'),
  }
}
