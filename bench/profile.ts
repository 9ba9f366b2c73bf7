/**
 * Where a server's main thread spends its time under mint, consume and forged load: each server
 * named runs with `--cpu-prof`, takes one window of each scenario, and its main thread's profile
 * is cut to those windows (by the monotonic clock both processes share) and summed by package and
 * by function, as shares of its busy samples and as µs of the main thread's CPU per request (self
 * time; native calls counted to the JS frame that made them).
 *
 *   node --import tsx bench/profile.ts [--servers=slotlink,lean-ceiling] [--duration=8] [--warmup=3] [--connections=64]
 *
 * Prints Markdown tables (bench/README.md, "Where the time goes"), and leaves the profiles in a
 * temporary directory it names, to open in Chrome's DevTools.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Measurement } from './load.ts'
import { parseOptions } from './options.ts'

const profileDir = mkdtempSync(join(tmpdir(), 'slotlink-profile-'))
// Read by bench/targets.ts when it loads: every server it starts writes its profiles here.
process.env.BENCH_CPU_PROF = profileDir
const { scenarioWindows } = await import('./scenario-windows.ts')
const { startTarget } = await import('./targets.ts')

const options = parseOptions(process.argv.slice(2), { BENCH_SERVERS: 'slotlink,lean-ceiling', BENCH_DURATION: '8', BENCH_WARMUP: '3', ...process.env })
const settings = { connections: options.connections, warmupSeconds: options.warmupSeconds, durationSeconds: options.durationSeconds }
const SCENARIOS = ['mint', 'consume', 'forged'] as const

interface Window {
  readonly scenario: string
  /** Monotonic µs, as V8's profile timestamps. */
  readonly from: number
  readonly to: number
  readonly measured: Measurement
  /** CPU the main thread spent in the window (/proc). */
  readonly mainCpuSeconds: number
}

const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n)

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  startTime: number
  samples: number[]
  timeDeltas: number[]
}

/** A frame's package: slotlink's own code, an npm package, Node's core, or V8's pseudo-frames. */
function packageOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)'
  if (url.startsWith('node:')) return 'node (core)'
  const modules = url.lastIndexOf('/node_modules/')
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + '/node_modules/'.length).split('/')
    return scope!.startsWith('@') ? `${scope}/${name}` : scope!
  }
  if (/\/bench\//.test(url)) return 'bench server'
  return /\/(src|workers)\//.test(url) ? 'slotlink' : url
}

/** Self time per package and per function, in µs, over the samples inside `window`. */
function breakdown(profile: Profile, window: Window) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id)
  /** A native frame (no url, not a V8 pseudo-frame) is counted to the nearest JS frame that called it. */
  const owner = (id: number): ProfileNode => {
    let node = byId.get(id)!
    while (node.callFrame.url === '' && !node.callFrame.functionName.startsWith('(') && parent.has(node.id)) node = byId.get(parent.get(node.id)!)!
    return node
  }
  const packages = new Map<string, number>()
  const functions = new Map<string, number>()
  let t = profile.startTime
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!
    if (t < window.from || t > window.to) continue
    // A sample stands for the time until the next one.
    const micros = profile.timeDeltas[i + 1] ?? 0
    const leaf = byId.get(profile.samples[i]!)!
    const at = owner(leaf.id)
    // A thread of a pool with synchronous atomics (the demo's scrypt pool) waits for work blocked
    // in Atomics.wait inside this piscina frame: sampled as busy, but it is idle.
    const blocked = leaf.callFrame.functionName === 'atomicsWaitLoop' && leaf.callFrame.url.includes('/piscina/')
    const pkg = blocked ? '(idle)' : packageOf(at.callFrame.url, at.callFrame.functionName)
    packages.set(pkg, (packages.get(pkg) ?? 0) + micros)
    const { functionName, url, lineNumber } = leaf.callFrame
    const where = url === '' ? '' : ` ${url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(src|workers)\//, '$1/')}:${lineNumber + 1}`
    const name = blocked ? '(idle)' : `${functionName || '(anonymous)'}${where}${leaf === at ? '' : ` ← ${at.callFrame.functionName || '(anonymous)'}`}`
    functions.set(name, (functions.get(name) ?? 0) + micros)
  }
  return { packages, functions }
}

/** CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile; the main thread is thread 0. */
function threadOf(file: string): { pid: number; thread: number } | undefined {
  const match = file.endsWith('.cpuprofile') ? /^CPU\.\d+\.\d+\.(\d+)\.(\d+)\./.exec(file) : null
  return match ? { pid: Number(match[1]), thread: Number(match[2]) } : undefined
}

function mainThreadProfile(pid: number): Profile {
  const file = readdirSync(profileDir).find((f) => threadOf(f)?.pid === pid && threadOf(f)?.thread === 0)
  if (!file) throw new Error(`no main-thread profile for process ${pid} in ${profileDir}`)
  return JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as Profile
}

/** The profiles of the process's other threads (slot workers, and the webhook thread when it runs). */
function workerThreadProfiles(pid: number): Profile[] {
  return readdirSync(profileDir)
    .filter((f) => threadOf(f)?.pid === pid && threadOf(f)?.thread !== 0)
    .map((f) => JSON.parse(readFileSync(join(profileDir, f), 'utf8')) as Profile)
}

/** CPU seconds (user + system) of one thread, from /proc. */
function threadCpuSeconds(pid: number, tid: number): number {
  const text = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

async function timed(scenario: string, pid: number, run: () => Promise<Measurement>): Promise<Window> {
  const cpuBefore = threadCpuSeconds(pid, pid)
  const from = monotonicMicros()
  const measured = await run()
  return { scenario, from, to: monotonicMicros(), measured, mainCpuSeconds: threadCpuSeconds(pid, pid) - cpuBefore }
}

const table = (header: string[], rows: string[][]) => [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i === 0 ? '---' : '--:')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')

for (const name of options.servers) {
  const target = await startTarget(name)
  if (typeof target === 'string') {
    process.stdout.write(`skipped ${name}: ${target}\n`)
    continue
  }
  let windows: Window[] = []
  try {
    windows = await scenarioWindows(target, settings, (scenario, run) => timed(scenario, target.pids[0]!, run))
  } finally {
    await target.stop()
  }
  const profile = mainThreadProfile(target.pids[0]!)
  for (const w of windows) {
    const { packages, functions } = breakdown(profile, w)
    const requests = w.measured.requests
    const busy = [...packages].filter(([p]) => p !== '(idle)').reduce((s, [, us]) => s + us, 0)
    // The profiler samples by the wall clock: on a busy machine a thread that lost its core goes on
    // being counted in the frame it was in (mostly a write that woke the load generator). So the
    // main thread's CPU from /proc is shared out by the profile's shares of its busy samples.
    const mainCpuUs = (w.mainCpuSeconds * 1e6) / requests
    const perRequest = (us: number) => ((us / busy) * mainCpuUs).toFixed(1)
    const share = (us: number) => `${((us / busy) * 100).toFixed(1)} %`
    process.stdout.write(`\n### ${name}, ${w.scenario}: ${w.measured.rps.toFixed(0)} req/s, process CPU ${w.measured.cpuUsPerRequest?.toFixed(0)} µs/req, main thread CPU ${mainCpuUs.toFixed(0)} µs/req, sampled busy ${(busy / requests).toFixed(0)} µs/req (${(w.measured.expectedShare * 100).toFixed(1)} % expected status)\n\n`)
    const sorted = (m: Map<string, number>, n: number) => [...m].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, n)
    process.stdout.write(table(['package', 'µs/req', 'share of busy'], sorted(packages, 12).map(([p, us]) => [p, perRequest(us), share(us)])) + '\n\n')
    process.stdout.write(table(['function (self)', 'µs/req', 'share of busy'], sorted(functions, 15).map(([f, us]) => [`\`${f}\``, perRequest(us), share(us)])) + '\n')
    // The other threads, summed: sampled time only (their CPU by thread is bench/threads.ts's).
    const others = workerThreadProfiles(target.pids[0]!).map((p) => breakdown(p, w))
    const add = (into: Map<string, number>, from: Map<string, number>) => from.forEach((us, k) => into.set(k, (into.get(k) ?? 0) + us))
    const workerPackages = new Map<string, number>()
    const workerFunctions = new Map<string, number>()
    for (const o of others) {
      add(workerPackages, o.packages)
      add(workerFunctions, o.functions)
    }
    const workerBusy = [...workerPackages].filter(([p]) => p !== '(idle)').reduce((s, [, us]) => s + us, 0)
    if (others.length === 0 || workerBusy === 0) continue
    const sampled = (us: number) => (us / requests).toFixed(1)
    const workerShare = (us: number) => `${((us / workerBusy) * 100).toFixed(1)} %`
    process.stdout.write(`\n${others.length} other threads, sampled busy ${(workerBusy / requests).toFixed(1)} µs/req:\n\n`)
    process.stdout.write(table(['package', 'sampled µs/req', 'share of busy'], sorted(workerPackages, 10).map(([p, us]) => [p, sampled(us), workerShare(us)])) + '\n\n')
    process.stdout.write(table(['function (self)', 'sampled µs/req', 'share of busy'], sorted(workerFunctions, 15).map(([f, us]) => [`\`${f}\``, sampled(us), workerShare(us)])) + '\n')
  }
}
process.stdout.write(`\nprofiles: ${profileDir}\n`)
