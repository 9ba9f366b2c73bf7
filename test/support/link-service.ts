import { afterAll, beforeAll } from 'vitest'
import { Keyring } from '../../src/core/keyring.ts'
import { createLinkService, type LinkService } from '../../src/core/link-service.ts'
import { Metrics } from '../../src/core/metrics.ts'
import { PiscinaSlotStore, type PiscinaSlotStoreOptions } from '../../src/node/piscina-slot-store.ts'

export interface LinkServiceFixture {
  slots: PiscinaSlotStore
  links: LinkService
  metrics: Metrics
}

/** A link service on real slot worker threads, started before the calling suite and closed after it. */
export function useLinkService(options: PiscinaSlotStoreOptions = { threads: 2 }): LinkServiceFixture {
  const fixture = {} as LinkServiceFixture
  beforeAll(async () => {
    fixture.slots = await PiscinaSlotStore.start(options)
    fixture.metrics = new Metrics()
    fixture.links = createLinkService({ keyring: await Keyring.random(), slots: fixture.slots, observer: fixture.metrics })
  })
  afterAll(() => fixture.slots?.close())
  return fixture
}
