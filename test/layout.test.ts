import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** The architecture, enforced: who may import whom. */

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : /\.(ts|tsx)$/.test(name) ? [path] : []
  })
}

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!)

/** Every import in `dir` that `allowed` refuses, as "file imports spec". */
const offenders = (dir: string, allowed: (spec: string) => boolean) =>
  sources(dir).flatMap((file) => importsOf(file).filter((spec) => !allowed(spec)).map((spec) => `${file} imports ${spec}`))

const RUNTIME_SPECIFIC = /^(node:|cloudflare:|piscina|@hono\/node-server|better-sqlite3|nodemailer|pino)/
const RUNTIME_FOLDER = /\/(node|edge)\/|workers\//

describe('layout', () => {
  it('keeps the core runtime-agnostic: no node:*, cloudflare:*, piscina, runtime folders or the demo', () => {
    expect(offenders('src/core', (spec) => !RUNTIME_SPECIFIC.test(spec) && !RUNTIME_FOLDER.test(spec) && !spec.includes('/demo/'))).toEqual([])
  })

  it('keeps the demo runtime-agnostic: Web APIs, hono and the core only', () => {
    expect(offenders('src/demo', (spec) => (spec.startsWith('.') || spec === 'hono' || spec.startsWith('hono/')) && !RUNTIME_FOLDER.test(spec))).toEqual([])
  })

  it('keeps the worker side apart from the pool side', () => {
    expect(offenders('workers', (spec) => !spec.includes('piscina-slot-store') && spec !== 'piscina')).toEqual([])
  })
})
