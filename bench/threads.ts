/**
 * Where a server's CPU goes by thread: one window each of mint, consume and forged (64
 * connections), and each thread's user + system time from /proc/<pid>/task, as µs per request:
 * the HTTP thread's apart, every other thread summed by its name (on Node 20 the slot workers,
 * libuv's pool and V8's helpers are all named `node`).
 *
 *   node --import tsx bench/threads.ts [--servers=slotlink,lean-ceiling] [--duration=8] [--warmup=3]
 */
import { readdirSync, readFileSync } from 'node:fs'
import type { Measurement } from './load.ts'
import { parseOptions } from './options.ts'
import { scenarioWindows } from './scenario-windows.ts'
import { startTarget } from './targets.ts'

const options = parseOptions(process.argv.slice(2), { BENCH_SERVERS: 'slotlink,lean-ceiling', BENCH_DURATION: '8', BENCH_WARMUP: '3', ...process.env })
const settings = { connections: options.connections, warmupSeconds: options.warmupSeconds, durationSeconds: options.durationSeconds }

/** CPU ticks by thread id, with each thread's name. */
function threads(pid: number): Map<number, { name: string; ticks: number }> {
  const out = new Map<number, { name: string; ticks: number }>()
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      const name = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'))
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
      out.set(Number(tid), { name: Number(tid) === pid ? 'main (HTTP)' : name, ticks: Number(fields[11]) + Number(fields[12]) })
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out
}

async function byThread(pid: number, run: () => Promise<Measurement>) {
  const before = threads(pid)
  const measured = await run()
  const after = threads(pid)
  const names = new Map<string, number>()
  for (const [tid, { name, ticks }] of after) names.set(name, (names.get(name) ?? 0) + ticks - (before.get(tid)?.ticks ?? 0))
  return { measured, names }
}

for (const name of options.servers) {
  const target = await startTarget(name)
  if (typeof target === 'string') {
    process.stdout.write(`skipped ${name}: ${target}\n`)
    continue
  }
  const pid = target.pids[0]!
  try {
    const rows = await scenarioWindows(target, settings, async (scenario, run) => ({ scenario, ...(await byThread(pid, run)) }))
    for (const { scenario, measured, names } of rows) {
      const per = (ticks: number) => ((ticks / 100) * 1e6) / measured.requests
      const parts = [...names].filter(([, t]) => t > 0).sort((a, b) => b[1] - a[1]).map(([n, t]) => `${n} ${per(t).toFixed(1)}`)
      process.stdout.write(`${name} ${scenario}: ${measured.rps.toFixed(0)} req/s; µs/req by thread: ${parts.join(' · ')}\n`)
    }
  } finally {
    await target.stop()
  }
}
