import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** The architecture, enforced: who may import whom. */

function sources(dir: string, except: readonly string[] = []): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (except.includes(path)) return []
    return statSync(path).isDirectory() ? sources(path, except) : /\.(ts|tsx)$/.test(name) ? [path] : []
  })
}

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!)

/** Every import in `dir` that `allowed` refuses, as "file imports spec". */
const offenders = (dir: string, allowed: (spec: string) => boolean, except: readonly string[] = []) =>
  sources(dir, except).flatMap((file) => importsOf(file).filter((spec) => !allowed(spec)).map((spec) => `${file} imports ${spec}`))

const RUNTIME_SPECIFIC = /^(node:|cloudflare:|piscina|@hono\/node-server|better-sqlite3|nodemailer|pino)/
const RUNTIME_FOLDER = /\/(node|edge)\/|workers\//

describe('layout', () => {
  it('keeps the core runtime-agnostic: no node:*, cloudflare:*, piscina, runtime folders or the demo', () => {
    expect(offenders('src/core', (spec) => !RUNTIME_SPECIFIC.test(spec) && !RUNTIME_FOLDER.test(spec) && !spec.includes('/demo/'))).toEqual([])
  })

  it('keeps the demo runtime-agnostic: Web APIs, hono and the core only (its adapters live in src/demo/node and src/demo/edge)', () => {
    const adapters = ['src/demo/node', 'src/demo/edge']
    expect(offenders('src/demo', (spec) => (spec.startsWith('.') || spec === 'hono' || spec.startsWith('hono/')) && !RUNTIME_FOLDER.test(spec), adapters)).toEqual([])
  })

  it('keeps the library apart from the server and the demo: neither is ever imported by it', () => {
    const library = ['src/core', 'src/node', 'src/edge', 'workers']
    for (const dir of library) expect(offenders(dir, (spec) => !/\/(server|demo)\//.test(spec))).toEqual([])
  })

  it('keeps the demo apart from the server that hosts it', () => {
    expect(offenders('src/demo', (spec) => !spec.includes('/server/'))).toEqual([])
  })

  it('keeps the worker side apart from the pool side: workers share only the protocol and snapshot names', () => {
    expect(offenders('workers', (spec) => !spec.includes('piscina-slot-store') && !spec.includes('slot-batcher') && spec !== 'piscina')).toEqual([])
    expect(offenders('src/node', (spec) => !spec.includes('workers/'))).toEqual([])
  })

  it('keeps the webhook delivery thread apart from its pool side: the two share only the protocol (and the thread signs as the sender does)', () => {
    const thread = 'src/node/webhook-delivery-worker.ts'
    const imports = importsOf(thread).filter((spec) => spec.startsWith('.'))
    expect(imports.sort()).toEqual(['../core/webhooks/webhook-signature.ts', './webhook-delivery-protocol.ts'])
    expect(importsOf('src/core/webhooks/webhook-signature.ts').filter((spec) => spec.startsWith('.'))).toEqual([])
    expect(importsOf('src/node/webhook-delivery-thread.ts')).not.toContain('./webhook-delivery-worker.ts')
  })
})
