/**
 * The app layer of two checkouts side by side in one process, without sockets or a load
 * generator: each builds createApp (with the Node logger, metrics and a link service over a slot
 * store that answers at once) and the two take turns serving batches of mint, consume and forged
 * requests through `app.fetch`. CPU per request is this process's `cpuUsage` over a batch: one
 * thread and no load generator, so it is far steadier on a shared machine than a server window.
 * It leaves out what the change does not touch (the socket, the HTTP parser, the slot worker).
 *
 *   node --expose-gc --import tsx bench/micro/app-ab.ts --base=/tmp/perf-base [--rounds=12] [--batch=2000] > /dev/null
 *
 * Request logs go to stdout as in the server, so send stdout to /dev/null; the table goes to stderr.
 */
import { resolve } from 'node:path'

const flags = new Map(process.argv.slice(2).map((a) => /^--([a-z]+)=(.*)$/.exec(a)).filter((m) => m !== null).map((m) => [m[1]!, m[2]!]))
const base = flags.get('base')
if (!base) throw new Error('--base=<directory of the other checkout> is required')
const rounds = Number(flags.get('rounds') ?? 12)
const batch = Number(flags.get('batch') ?? 2000)
const API_KEY = 'micro-bench-key-0123456789abcdefghijklmnop'
const SECRET = new Uint8Array(32).fill(9)

interface Side {
  readonly name: string
  readonly fetch: (request: Request) => Response | Promise<Response>
  readonly tokens: string[]
  readonly cpu: Map<string, number[]>
}

async function side(name: string, dir: string): Promise<Side> {
  const core = await import(resolve(dir, 'src/core/index.ts'))
  const { nodeLinkCrypto } = await import(resolve(dir, 'src/node/node-link-crypto.ts'))
  const { createLogger } = await import(resolve(dir, 'src/server/node/logger.ts'))
  const keyring = await core.Keyring.fromSecrets([{ id: 'bench', secret: SECRET }], nodeLinkCrypto)
  let next = 0
  const slot = { purpose: 'reset_password', subject: 'user-1', data: null, expiresAt: Math.ceil(Date.now() / 1000) + 900 }
  const slots = {
    // A 16-byte handle, as the piscina store's.
    open: async () => ({ ok: true, handle: new Uint8Array(16).fill(next++ & 0xff) }),
    consume: async () => ({ ok: true, slot }),
    peek: async () => ({ ok: true, slot }),
    stats: async () => ({ open: 0, queued: 0 }),
    close: async () => {},
  }
  const metrics = new core.Metrics()
  const links = core.createLinkService({ keyring, slots, observer: metrics })
  const app = core.createApp({ links, apiKey: API_KEY, publicUrl: 'http://127.0.0.1:3000', metrics, logger: createLogger(), wholeSite: true })
  return { name, fetch: (r) => app.fetch(r), tokens: [], cpu: new Map() }
}

const post = (path: string, body: unknown) =>
  new Request(`http://127.0.0.1:3000${path}`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', 'content-length': String(JSON.stringify(body).length) }, body: JSON.stringify(body) })

const forge = (token: string) => {
  const at = token.length - 10
  return token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1)
}

async function run(s: Side, scenario: string): Promise<void> {
  const requests: Request[] = []
  for (let i = 0; i < batch; i++) {
    if (scenario === 'mint') requests.push(post('/api/links', { purpose: 'reset_password', subject: `user-${i}` }))
    else if (scenario === 'consume') requests.push(post('/api/links/consume', { token: s.tokens[i % s.tokens.length], purpose: 'reset_password' }))
    else requests.push(post('/api/links/consume', { token: forge(s.tokens[i % s.tokens.length]!), purpose: 'reset_password' }))
  }
  const expected = scenario === 'mint' ? 201 : scenario === 'consume' ? 200 : 404
  // A full collection first (with --expose-gc), so that no batch pays for garbage another left:
  // without it the paired ratios of one run spread from 0.5 to 1.4.
  globalThis.gc?.()
  const before = process.cpuUsage()
  for (const request of requests) {
    const response = await s.fetch(request)
    const text = await response.text()
    if (response.status !== expected) throw new Error(`${s.name} ${scenario}: ${response.status} ${text}`)
    if (scenario === 'mint' && s.tokens.length < 1000) s.tokens.push((JSON.parse(text) as { token: string }).token)
  }
  // The non-blocking log writer sends what a batch logged on a later turn of the event loop: let
  // it, inside this batch's measurement (its idle wait costs no CPU).
  await new Promise((resolve) => setTimeout(resolve, 20))
  const used = process.cpuUsage(before)
  s.cpu.set(scenario, [...(s.cpu.get(scenario) ?? []), (used.user + used.system) / batch])
}

const sides = [await side('base', base), await side('head', '.')]
const scenarios = ['mint', 'consume', 'forged']
// A first round for the JIT, not counted.
for (const s of sides) for (const scenario of scenarios) await run(s, scenario)
for (const s of sides) s.cpu.clear()
for (let round = 0; round < rounds; round++) {
  for (const scenario of scenarios) for (const s of round % 2 === 0 ? sides : [...sides].reverse()) await run(s, scenario)
}

const median = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b)
  return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2
}
const [a, b] = sides as [Side, Side]
process.stderr.write(`| scenario | base µs/req | head µs/req | head/base (median of ${rounds} paired batches of ${batch}) |\n| --- | --: | --: | --: |\n`)
for (const scenario of scenarios) {
  const ca = a.cpu.get(scenario)!
  const cb = b.cpu.get(scenario)!
  process.stderr.write(`| ${scenario} | ${median(ca).toFixed(2)} | ${median(cb).toFixed(2)} | ${median(ca.map((x, i) => cb[i]! / x)).toFixed(3)} |\n`)
}
process.exit(0)
