/**
 * Server CPU time from /proc: user + system time of a process, its threads and its descendants
 * (redis-server's threads, postgres backends), read before and after a measured window.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

/** Clock ticks per second of /proc's utime and stime (USER_HZ, nearly always 100). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

interface Stat {
  ppid: number
  ticks: number
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after "pid (comm) ": comm may hold spaces or parentheses, so split after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) }
  } catch {
    return undefined
  }
}

/** Whether /proc is there to read (Linux); elsewhere CPU per request is reported as unknown. */
export function canReadCpu(): boolean {
  return readStat(process.pid) !== undefined
}

/** CPU seconds used so far by these processes and all their descendants. */
export function cpuSeconds(roots: readonly number[]): number {
  const stats = new Map<number, Stat>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = readStat(Number(entry))
    if (stat) stats.set(Number(entry), stat)
  }
  const counted = new Set<number>()
  const visit = (pid: number) => {
    if (counted.has(pid) || !stats.has(pid)) return
    counted.add(pid)
    for (const [child, stat] of stats) if (stat.ppid === pid) visit(child)
  }
  for (const root of roots) visit(root)
  let ticks = 0
  for (const pid of counted) ticks += stats.get(pid)!.ticks
  return ticks / TICKS_PER_SECOND
}
