/**
 * One window each of mint, consume and forged against a server, in the order the diagnostics
 * (bench/profile.ts, bench/threads.ts) take them: a warm-up before each, and enough fresh links
 * minted before consume for a window twice as fast as the mints were.
 */
import { measure, prime, type LoadSettings, type Measurement } from './load.ts'
import { consumeForged, consumeFresh, forgedAnswers, mint, TokenPool } from './scenarios.ts'
import type { Target } from './targets.ts'

export async function scenarioWindows<T extends { measured: Measurement }>(
  target: Target,
  settings: LoadSettings,
  around: (scenario: 'mint' | 'consume' | 'forged', run: () => Promise<Measurement>) => Promise<T>,
): Promise<T[]> {
  const pool = new TokenPool()
  const warm = { ...settings, durationSeconds: settings.warmupSeconds, warmupSeconds: 0 }
  const window = { ...settings, warmupSeconds: 0 }
  const windows: T[] = []
  await measure(target, mint(pool), warm)
  windows.push(await around('mint', () => measure(target, mint(pool), window)))
  const rate = windows[0]!.measured.rps
  await prime(target, mint(pool), () => Math.ceil(rate * 2 * (settings.durationSeconds + settings.warmupSeconds)) - pool.size, rate, settings)
  await measure(target, consumeFresh(pool), warm)
  windows.push(await around('consume', () => measure(target, consumeFresh(pool), window)))
  const forged = consumeForged(pool, forgedAnswers(target.name))
  await measure(target, forged, warm)
  windows.push(await around('forged', () => measure(target, forged, window)))
  return windows
}
