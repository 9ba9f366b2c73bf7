import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import openapiTS, { astToString } from 'openapi-typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startNodeTarget } from '../support/node-target.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SCRIPT = fileURLToPath(new URL('./client/calls-every-operation.ts', import.meta.url))
// Inside the project, so that the generated client resolves openapi-fetch from node_modules.
const WORK_DIR = join(ROOT, 'test-results', 'generated-client')

let node: Awaited<ReturnType<typeof startNodeTarget>>
let operationIds: string[]
beforeAll(async () => {
  node = await startNodeTarget({ SLOTLINK_WORKERS: '1' })
  // The document as the server serves it, not as the test would build it.
  const document = (await (await fetch(`${node.target.baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId: string }>> }
  operationIds = Object.values(document.paths).flatMap((operations) => Object.values(operations).map((op) => op.operationId))
  rmSync(WORK_DIR, { recursive: true, force: true })
  mkdirSync(WORK_DIR, { recursive: true })
  writeFileSync(join(WORK_DIR, 'schema.ts'), astToString(await openapiTS(document as never)))
  copyFileSync(SCRIPT, join(WORK_DIR, 'calls.ts'))
  writeFileSync(
    join(WORK_DIR, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023', 'DOM'], types: ['node'], strict: true, noEmit: true, allowImportingTsExtensions: true, skipLibCheck: false },
      files: ['calls.ts'],
    }),
  )
}, 60_000)
afterAll(() => node?.stop())

describe('a client generated from /openapi.json (openapi-typescript + openapi-fetch)', () => {
  it('type-checks a program that calls every operation', { timeout: 120_000 }, async () => {
    const tsc = await promisify(execFile)(join(ROOT, 'node_modules/.bin/tsc'), ['-p', WORK_DIR]).catch((error: { stdout?: string; stderr?: string }) => error)
    expect(`${tsc.stdout ?? ''}${tsc.stderr ?? ''}`.trim()).toBe('')
  })

  it('runs that program against the real server: every operation answers as its types say', { timeout: 60_000 }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(WORK_DIR, 'calls.ts')], {
      cwd: ROOT,
      env: { ...process.env, SLOTLINK_URL: node.target.baseUrl, SLOTLINK_API_KEY: node.target.apiKey },
    })
    const called = JSON.parse(stdout.trim().split('\n').at(-1)!) as string[]
    expect([...called].sort()).toEqual([...operationIds].sort())
  })
})
