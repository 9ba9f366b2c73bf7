import { afterAll, beforeAll } from 'vitest'
import { createApp } from '../src/core/app/create-app.tsx'
import { Keyring } from '../src/core/keyring.ts'
import { createLinkService } from '../src/core/link-service.ts'
import { Metrics } from '../src/core/metrics.ts'
import { PiscinaSlotStore } from '../src/node/piscina-slot-store.ts'
import { describeContract, type ContractTarget } from './contract/api-contract.ts'
import { TEST_API_KEY } from './support/node-target.ts'

// The same contract, through Hono's app.request(): no socket, the app as a library user mounts it.
let slots: PiscinaSlotStore
let target: ContractTarget
beforeAll(async () => {
  slots = await PiscinaSlotStore.start({ threads: 2 })
  const metrics = new Metrics()
  const links = createLinkService({ keyring: await Keyring.random(), slots, observer: metrics })
  const publicUrl = 'http://links.test'
  const app = createApp({ links, metrics, apiKey: TEST_API_KEY, publicUrl, isLocalRequest: () => false, wholeSite: true })
  target = { baseUrl: publicUrl, apiKey: TEST_API_KEY, fetch: async (url, init) => app.request(url, init) }
})
afterAll(() => slots?.close())

describeContract('in-process app.request()', () => target)
