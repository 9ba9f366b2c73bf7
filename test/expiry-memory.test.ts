import { describe, expect, it } from 'vitest'
import { collectGarbageInWorkers } from '../bench/memory/worker-gc.ts'
import { useLinkService } from './support/link-service.ts'

// The precise figures are the benchmark's; this only guards against a leak, with a generous bound.
const THREADS = 2
const fixture = useLinkService({ threads: THREADS })

/** Opens `count` links with a one-second TTL, waits for every one to expire, and returns the slot workers' live heap. */
async function openAndLetExpire(count: number): Promise<number> {
  const batch = 2000
  for (let i = 0; i < count; i += batch) {
    await Promise.all(Array.from({ length: batch }, (_, j) => fixture.links.issue({ purpose: 'reset_password', subject: `user-${i + j}`, ttl: 1 })))
  }
  // No traffic at all while they expire: only the workers' own timers can free them. The last
  // batch expires within 2 s; the rest of the deadline is room for a loaded machine.
  const deadline = Date.now() + 15_000
  while ((await fixture.slots.stats()).open > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250))
  expect((await fixture.slots.stats()).open).toBe(0)
  // Heap in use without a collection counts whatever garbage the last round left, which swung by
  // 3-5 MB between rounds (CI once failed on it); after a full collection the rounds agree within 0.3 MB.
  expect(await collectGarbageInWorkers()).toHaveLength(THREADS)
  return (await fixture.slots.stats()).perOwner!.reduce((sum, w) => sum + (w.heapBytes ?? 0), 0)
}

describe('expiry and memory', () => {
  it('frees 100k expired links with no traffic, and the heap does not keep growing', async () => {
    const first = await openAndLetExpire(100_000)
    const second = await openAndLetExpire(100_000)
    // Every one was freed by its expiry, none by anything else.
    expect((await fixture.slots.stats()).expired).toBe(200_000)
    // A leak of 20 bytes a link would add 2 MB between rounds.
    expect(second - first).toBeLessThan(2 * 1024 * 1024)
  }, 120_000)
})
