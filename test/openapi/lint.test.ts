import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApiDocument } from '../support/openapi-document.ts'

const BIN = fileURLToPath(new URL('../../node_modules/.bin/', import.meta.url))
const SPECTRAL_RULESET = fileURLToPath(new URL('../../.spectral.yaml', import.meta.url))
// Offline and quiet: no telemetry, no update check.
const ENV = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' }

/** Runs a linter that exits non-zero on findings; its JSON report is on stdout either way. */
async function run(bin: string, args: string[]): Promise<string> {
  try {
    return (await promisify(execFile)(join(BIN, bin), args, { env: ENV, maxBuffer: 16 << 20 })).stdout
  } catch (error) {
    const stdout = (error as { stdout?: string }).stdout
    if (stdout) return stdout
    throw error
  }
}

let dir: string
let documentPath: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slotlink-openapi-'))
  documentPath = join(dir, 'openapi.json')
  // A production-like origin: the linters rightly flag localhost and example.com servers.
  writeFileSync(documentPath, JSON.stringify(await openApiDocument('https://links.test')))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the OpenAPI document', { timeout: 120_000 }, () => {
  it.each(['recommended', 'recommended-strict'])('passes @redocly/cli lint (%s) with no error or warning', async (ruleset) => {
    const report = JSON.parse(await run('redocly', ['lint', documentPath, `--extends=${ruleset}`, '--format=json'])) as {
      totals: { errors: number; warnings: number }
      problems: { ruleId: string; message: string }[]
    }
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([])
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 })
  })

  it('passes @stoplight/spectral-cli lint (spectral:oas) with no finding of any severity', async () => {
    // Spectral adds a plain-text line to stdout after its JSON, so its report goes to a file.
    const reportPath = join(dir, 'spectral.json')
    await run('spectral', ['lint', documentPath, '--ruleset', SPECTRAL_RULESET, '--format', 'json', '--output', reportPath, '--fail-severity', 'hint'])
    const findings = JSON.parse(readFileSync(reportPath, 'utf8')) as {
      code: string
      message: string
      path: string[]
    }[]
    expect(findings.map((f) => `${f.code}: ${f.message} at ${f.path.join('.')}`)).toEqual([])
  })
})
