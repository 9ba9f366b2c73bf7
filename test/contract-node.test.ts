import { afterAll, beforeAll } from 'vitest'
import { describeContract, type ContractTarget } from './contract/api-contract.ts'
import { startNodeTarget } from './support/node-target.ts'

let node: Awaited<ReturnType<typeof startNodeTarget>>
let target: ContractTarget
beforeAll(async () => {
  node = await startNodeTarget()
  target = node.target
})
afterAll(() => node?.stop())

describeContract('Node server', () => target)
