import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Keyring } from '../src/core/keyring.ts'
import { createLinkService, type LinkService } from '../src/core/link-service.ts'
import { PiscinaSlotStore } from '../src/node/piscina-slot-store.ts'

// The precise figures are the benchmark's; this only guards against a leak, with a generous bound.
let slots: PiscinaSlotStore
let links: LinkService
beforeAll(async () => {
  slots = await PiscinaSlotStore.start({ threads: 2 })
  links = createLinkService({ keyring: await Keyring.random(), slots })
})
afterAll(() => slots.close())

async function openAndLetExpire(count: number): Promise<number> {
  const batch = 2000
  for (let i = 0; i < count; i += batch) {
    await Promise.all(Array.from({ length: batch }, (_, j) => links.issue({ purpose: 'reset_password', subject: `user-${i + j}`, ttl: 1 })))
  }
  // No traffic at all while they expire: only the workers' own timers can free them.
  const deadline = Date.now() + 5000
  while ((await slots.stats()).open > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250))
  const stats = await slots.stats()
  expect(stats.open).toBe(0)
  return stats.perOwner!.reduce((sum, w) => sum + (w.heapBytes ?? 0), 0)
}

describe('expiry and memory', () => {
  it('frees 100k expired links with no traffic, and the heap does not keep growing', async () => {
    const first = await openAndLetExpire(100_000)
    const second = await openAndLetExpire(100_000)
    // Every one was freed by its expiry, none by anything else.
    expect((await slots.stats()).expired).toBe(200_000)
    // A leak of even 50 bytes a link would add ~5 MB between rounds.
    expect(second).toBeLessThan(first + 4 * 1024 * 1024)
  }, 120_000)
})
