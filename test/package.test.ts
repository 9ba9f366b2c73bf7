/**
 * The package as a user meets it: packed with `npm pack`, installed from the tarball into a fresh
 * project, and used there through its public entry points only. The repository's own tests run
 * from source and cannot see a broken package; this one can.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('..', import.meta.url))
const TSC = join(ROOT, 'node_modules/.bin/tsc')
const INSTALL_TIMEOUT_MS = 240_000

/** The README's first library example, exactly as a reader would copy it. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const block = /```js\n(\/\/ app\.mjs[^\n]*\n[\s\S]*?)```/.exec(readme)
  if (!block) throw new Error('README.md has no ```js block starting with // app.mjs')
  return block[1]!
}

let project: string
let tarball: string

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'slotlink-user-'))
  const packed = await run('npm', ['pack', '--silent', '--pack-destination', project], { cwd: ROOT, maxBuffer: 1 << 24 })
  tarball = join(project, packed.stdout.trim().split('\n').pop()!)
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'a-user-app', private: true, type: 'module' }))
  // What a user installs: the tarball and the peer it asks for (and, for the TypeScript user, Node's types).
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, 'hono', '@types/node@20'], {
    cwd: project,
    timeout: INSTALL_TIMEOUT_MS,
    maxBuffer: 1 << 24,
  })
}, INSTALL_TIMEOUT_MS + 60_000)

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true })
})

describe('the packed tarball', () => {
  it('holds only what runs: the compiled library and its worker, no sources, tests or bench', async () => {
    const { stdout } = await run('tar', ['tzf', tarball])
    const files = stdout.trim().split('\n')
    expect(files.filter((f) => !/^package\/(dist\/(src\/(core|node|edge)|workers)\/.*\.(js|d\.ts)|package\.json|README\.md|LICENSE)$/.test(f))).toEqual([])
    expect(files).toContain('package/dist/workers/slot-worker.js')
  })

  it('installs without native builds or the server’s and demo’s dependencies', () => {
    const installed = JSON.parse(readFileSync(join(project, 'node_modules/slotlink/package.json'), 'utf8'))
    for (const name of ['better-sqlite3', 'nodemailer', 'pino', 'tsx']) {
      expect(installed.dependencies?.[name]).toBeUndefined()
      expect(() => readFileSync(join(project, 'node_modules', name, 'package.json'))).toThrow()
    }
  })

  it('runs the README’s library example, verbatim, in plain node (ESM)', async () => {
    writeFileSync(join(project, 'app.mjs'), readmeExample())
    const { stdout } = await run(process.execPath, ['app.mjs'], { cwd: project, timeout: 60_000 })
    expect(stdout).toMatch(/^mail this link: https:\/\/example\.com\/reset\?token=[A-Za-z0-9_-]+$/m)
    expect(stdout).toContain('reset the password of user-42')
    expect(stdout).toContain('second use refused: used')
  })

  it('type-checks the same example as TypeScript under module: nodenext with no JSX settings', async () => {
    writeFileSync(join(project, 'app.mts'), readmeExample())
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: ['node'] }, files: ['app.mts'] }),
    )
    // skipLibCheck is off: slotlink's own declarations are checked too.
    const checked = await run(TSC, ['-p', project], { cwd: project }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    )
    expect(checked).toBe('')
  }, 180_000)

  it('mounts in a Hono app at / and at /auth: pages and docs render, and the host’s own routes stay its own', async () => {
    writeFileSync(join(project, 'host.mjs'), HOST_APP)
    const { stdout } = await run(process.execPath, ['host.mjs'], { cwd: project, timeout: 60_000 })
    const results = JSON.parse(stdout) as Record<string, HostResult>
    for (const prefix of ['', '/auth']) {
      const r = results[prefix]!
      expect(r.minted).toBe(201)
      expect(r.url).toMatch(new RegExp(`^https://example\\.test${prefix}/l/[A-Za-z0-9_-]+$`))
      expect(r.page.status).toBe(200)
      expect(r.page.type).toMatch(/^text\/html/)
      expect(r.page.csp).toMatch(/frame-ancestors 'none'/)
      // The page's stylesheet and form live under the prefix it is mounted at.
      expect(r.page.stylesheet).toBe(`${prefix}/assets/slotlink.css`)
      expect(r.page.formAction).toBe(new URL(r.url).pathname)
      expect(r.stylesheet).toBe(200)
      expect(r.confirmed).toBe(200)
      expect(r.docs.status).toBe(200)
      expect(r.docs.type).toMatch(/^text\/html/)
      // Without the optional Scalar peer the page says so, and points to the document under the prefix.
      expect(r.docs.documentLink).toBe(`${prefix}/openapi.json`)
      expect(r.docs.documentLinkStatus).toBe(200)
      expect(r.openapi).toBe(200)
      // A route the host added after mounting slotlink gets none of slotlink's headers.
      expect(r.hostRoute).toEqual({ status: 200, body: 'mine', csp: null, requestId: null })
    }
  })

  it('refuses a missing or short API key and a bad publicUrl with a typed SlotlinkError', async () => {
    writeFileSync(join(project, 'misuse.mjs'), MISUSE)
    const { stdout } = await run(process.execPath, ['misuse.mjs'], { cwd: project, timeout: 60_000 })
    expect(JSON.parse(stdout)).toEqual([
      { name: 'SlotlinkError', code: 'ERR_SLOTLINK_API_KEY' },
      { name: 'SlotlinkError', code: 'ERR_SLOTLINK_API_KEY' },
      { name: 'SlotlinkError', code: 'ERR_SLOTLINK_PUBLIC_URL' },
      { name: 'SlotlinkError', code: 'ERR_SLOTLINK_INPUT', field: 'ttl' },
    ])
  })
})

describe('the packed tarball at the edge (slotlink/edge in a user’s own Worker, on workerd)', () => {
  it('mints, shows and consumes a link through Durable Objects bound under the user’s own names', async () => {
    const { unstable_startWorker } = await import('wrangler')
    const { freePort } = await import('../scripts/lib/launch.ts')
    writeFileSync(join(project, 'worker.mjs'), USER_WORKER)
    writeFileSync(join(project, 'wrangler.toml'), USER_WRANGLER_TOML)
    const port = await freePort()
    const apiKey = 'e'.repeat(40)
    Object.assign(process.env, { CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' })
    const worker = await unstable_startWorker({
      config: join(project, 'wrangler.toml'),
      bindings: {
        KEYS: { type: 'secret_text', value: 'u1:' + Buffer.alloc(32, 9).toString('base64url') },
        API_KEY: { type: 'secret_text', value: apiKey },
      },
      dev: { persist: join(project, '.wrangler-state'), server: { hostname: '127.0.0.1', port }, inspector: false, watch: false, logLevel: 'error' },
    })
    try {
      await worker.ready
      const base = `http://127.0.0.1:${port}`
      expect(await (await fetch(`${base}/`)).text()).toBe('the user’s own worker')
      const minted = await fetch(`${base}/auth/api/links`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ purpose: 'sign_in', subject: 'u-9' }),
      })
      expect(minted.status).toBe(201)
      const { url, token } = (await minted.json()) as { url: string; token: string }
      expect(url).toBe(`${base}/auth/l/${token}`)
      const page = await fetch(url)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain(`action="/auth/l/${token}"`)
      const consume = (body: object) =>
        fetch(`${base}/auth/api/links/consume`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
      expect((await consume({ token })).status).toBe(200)
      expect((await consume({ token })).status).toBe(410)
      // The objects reach each other under the user's names: a slot registers with its subject's
      // list (LINK_SUBJECTS), which revokes through LINK_SLOTS.
      const auth = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }
      const second = await fetch(`${base}/auth/api/links`, { method: 'POST', headers: auth, body: JSON.stringify({ purpose: 'sign_in', subject: 'u-9' }) })
      const { token: secondToken } = (await second.json()) as { token: string }
      const listed = (await (await fetch(`${base}/auth/api/subjects/u-9/links`, { headers: auth })).json()) as { links: unknown[] }
      expect(listed.links).toHaveLength(1)
      const revoked = await fetch(`${base}/auth/api/subjects/u-9/links`, { method: 'DELETE', headers: auth })
      expect(await revoked.json()).toEqual({ revoked: 1 })
      expect((await consume({ token: secondToken })).status).toBe(410)
    } finally {
      await worker.dispose()
    }
  }, 120_000)
})

interface HostResult {
  minted: number
  url: string
  page: { status: number; type: string | null; csp: string | null; stylesheet: string | undefined; formAction: string | undefined }
  stylesheet: number
  confirmed: number
  docs: { status: number; type: string | null; documentLink: string | undefined; documentLinkStatus: number }
  openapi: number
  hostRoute: { status: number; body: string; csp: string | null; requestId: string | null }
}

const HOST_APP = `
import { Hono } from 'hono'
import { createSlotlink } from 'slotlink'

const apiKey = 'k'.repeat(40)
const slotlink = await createSlotlink()
const results = {}
for (const prefix of ['', '/auth']) {
  const publicUrl = 'https://example.test' + prefix
  const app = new Hono()
  app.route(prefix || '/', slotlink.routes({ apiKey, publicUrl }))
  app.route(prefix || '/', slotlink.docs({ publicUrl }))
  app.get('/mine', (c) => c.text('mine'))
  const at = (path, init) => app.request('https://example.test' + path, init)
  const minted = await at(prefix + '/api/links', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ purpose: 'confirm_email', subject: 'u1' }),
  })
  const { url } = await minted.json()
  const page = await at(new URL(url).pathname)
  const html = await page.text()
  const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1]
  const formAction = /<form method="post" action="([^"]+)"/.exec(html)?.[1]
  const confirmed = await at(formAction, { method: 'POST', headers: { origin: 'https://example.test', 'content-type': 'application/x-www-form-urlencoded' }, body: '' })
  const docs = await at(prefix + '/docs')
  const documentLink = /<a href="([^"]+)">openapi[.]json<[/]a>/.exec(await docs.text())?.[1]
  const mine = await at('/mine')
  results[prefix] = {
    minted: minted.status,
    url,
    page: { status: page.status, type: page.headers.get('content-type'), csp: page.headers.get('content-security-policy'), stylesheet, formAction },
    stylesheet: (await at(stylesheet)).status,
    confirmed: confirmed.status,
    docs: { status: docs.status, type: docs.headers.get('content-type'), documentLink, documentLinkStatus: documentLink ? (await at(documentLink)).status : 0 },
    openapi: (await at(prefix + '/openapi.json')).status,
    hostRoute: { status: mine.status, body: await mine.text(), csp: mine.headers.get('content-security-policy'), requestId: mine.headers.get('x-request-id') },
  }
}
await slotlink.close()
process.stdout.write(JSON.stringify(results))
`

/** A user's Worker: slotlink mounted at /auth, its Durable Objects bound under names of the user's choosing. */
const USER_WORKER = `
import { Hono } from 'hono'
import { createEdgeSlotlink } from 'slotlink/edge'
export { SlotObject, SubjectSlots, SlotCounters } from 'slotlink/edge'

const app = new Hono()
app.get('/', (c) => c.text('the user’s own worker'))
let slotlink
app.all('/auth/*', async (c) => {
  slotlink ??= createEdgeSlotlink({
    keys: c.env.KEYS,
    env: c.env,
  })
  const routes = (await slotlink).routes({ apiKey: c.env.API_KEY, publicUrl: new URL(c.req.url).origin + '/auth' })
  return new Hono().route('/auth', routes).fetch(c.req.raw, c.env, c.executionCtx)
})
export default app
`

const USER_WRANGLER_TOML = `
name = "a-user-worker"
main = "worker.mjs"
compatibility_date = "2026-04-20"

# The user's own binding names, told to slotlink (and its objects) through these variables.
[vars]
SLOTLINK_SLOTS_BINDING = "LINK_SLOTS"
SLOTLINK_SUBJECT_SLOTS_BINDING = "LINK_SUBJECTS"
SLOTLINK_SLOT_COUNTERS_BINDING = "LINK_COUNTERS"

[[durable_objects.bindings]]
name = "LINK_SLOTS"
class_name = "SlotObject"

[[durable_objects.bindings]]
name = "LINK_SUBJECTS"
class_name = "SubjectSlots"

[[durable_objects.bindings]]
name = "LINK_COUNTERS"
class_name = "SlotCounters"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["SlotObject", "SubjectSlots", "SlotCounters"]
`

const MISUSE = `
import { createSlotlink, SlotlinkError } from 'slotlink'
const slotlink = await createSlotlink()
const out = []
const attempt = async (f) => {
  try { await f(); out.push('no error') } catch (e) { out.push(e instanceof SlotlinkError ? { name: e.name, code: e.code, ...(e.code === 'ERR_SLOTLINK_INPUT' && { field: e.field }) } : String(e)) }
}
await attempt(() => slotlink.routes({ apiKey: undefined, publicUrl: 'https://example.test' }))
await attempt(() => slotlink.routes({ apiKey: 'x', publicUrl: 'https://example.test' }))
await attempt(() => slotlink.routes({ apiKey: 'k'.repeat(40), publicUrl: 'example.test' }))
await attempt(() => slotlink.issue({ purpose: 'reset_password', subject: 'u', ttl: 0 }))
await slotlink.close()
process.stdout.write(JSON.stringify(out))
`
