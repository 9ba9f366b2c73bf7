import { afterAll, beforeAll } from 'vitest'
import { describeContract, type ContractTarget } from './contract/api-contract.ts'
import { startEdgeTarget, type EdgeTarget } from './support/edge-target.ts'

// The same contract against the worker on workerd, configured as `npm run edge:dev` runs it:
// PUBLIC_URL empty (links are built on the origin each request arrives at) and the dev outbox on.
let edge: EdgeTarget
let target: ContractTarget
beforeAll(async () => {
  edge = await startEdgeTarget({ PUBLIC_URL: '', NODE_ENV: 'development' })
  target = edge.target
})
afterAll(() => edge?.stop())

describeContract('Workers runtime (wrangler dev, Durable Objects)', () => target)
