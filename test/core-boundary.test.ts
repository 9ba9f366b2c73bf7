import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** Every source file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : /\.(ts|tsx)$/.test(name) ? [path] : []
  })
}

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!)

describe('layout', () => {
  it('keeps the core runtime-agnostic: no node:*, cloudflare:*, piscina, or runtime folders', () => {
    const offenders = sources('src/core').flatMap((file) =>
      importsOf(file)
        .filter((spec) => /^(node:|cloudflare:|piscina|@hono\/node-server|better-sqlite3|nodemailer|pino)/.test(spec) || /\/(node|edge|demo)\//.test(spec) || spec.includes('workers/'))
        .map((spec) => `${file} imports ${spec}`),
    )
    expect(offenders).toEqual([])
  })

  it('keeps the worker side apart from the pool side', () => {
    const offenders = sources('workers').flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.includes('piscina-slot-store') || spec === 'piscina')
        .map((spec) => `${file} imports ${spec}`),
    )
    expect(offenders).toEqual([])
  })
})
