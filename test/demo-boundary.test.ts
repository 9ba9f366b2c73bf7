import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : /\.(ts|tsx)$/.test(name) ? [path] : []
  })
}
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!)

describe('demo layout', () => {
  it('keeps src/demo runtime-agnostic: Web APIs, hono and the core only', () => {
    const offenders = sources('src/demo').flatMap((file) =>
      importsOf(file)
        .filter((spec) => !(spec.startsWith('.') || spec === 'hono' || spec.startsWith('hono/')) || /\/(node|edge)\//.test(spec) || spec.includes('workers/'))
        .map((spec) => `${file} imports ${spec}`),
    )
    expect(offenders).toEqual([])
  })

  it('never lets the core import the demo', () => {
    const offenders = sources('src/core').flatMap((file) => importsOf(file).filter((spec) => spec.includes('/demo/')).map((spec) => `${file} imports ${spec}`))
    expect(offenders).toEqual([])
  })
})
