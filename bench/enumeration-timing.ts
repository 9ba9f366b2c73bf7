/**
 * `npm run bench:enumeration`: does the time of an answer tell whether an account uses an address
 * (issue 17)? For `/forgot`, `/login/link` and `/signup` it sends ENUM_REQUESTS (400) requests for
 * addresses with a confirmed account and as many for addresses without one, interleaved in pairs
 * (which of the two goes first is random per pair, so neither side always meets a warmer server),
 * one at a time, each from its own client address, and prints the medians and their ratio.
 * Goal: the two medians within 10 % of each other. Tests assert the same status, body and cookie
 * shapes (test/demo-forgot-code, demo-sign-in, demo-confirm-email); speed is only measured here.
 *
 * The server runs as `npm start` runs it (full scrypt cost, SQLite file, dev outbox), behind a
 * trusted proxy on loopback so that each request can name its own client. The demo's limits stay
 * as shipped, so the bench works within them: each address is asked at most 5 times per route
 * (the per-address limit), and /signup, limited to 300 per 15 minutes for everyone together, runs
 * in batches, each on a fresh boot of the server (same data directory: the accounts stay; the
 * in-memory limiters start again).
 *
 * Options (environment): ENUM_REQUESTS (400 per side and route); ENUM_SIGNUP_REQUESTS (the same)
 * for /signup alone, whose every request runs full-cost scrypt: about 1 s each on a quiet 2-core
 * machine, so 800 sign-ups take a quarter of an hour, and far longer on a busy one.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { answers, freePort, launch, waitUntil, type Launched } from '../scripts/lib/launch.ts'

const REQUESTS = Number(process.env.ENUM_REQUESTS ?? 400)
const SIGNUP_REQUESTS = Math.min(REQUESTS, Number(process.env.ENUM_SIGNUP_REQUESTS ?? REQUESTS))
/** The demo's per-address limit: 5 mails per address and route in 15 minutes. */
const PER_ADDRESS = 5
/** Pairs sent first and not counted, so start-up costs (JIT, first SQLite pages) fall on neither side. */
const WARM_UP_PAIRS = 10
/** Sign-ups per boot: under the demo's 300 per 15 minutes for everyone together. */
const SIGNUPS_PER_BOOT = 280
const PASSWORD = 'correct horse battery staple'
const API_KEY = 'bench-api-key-0123456789abcdefghijklmnopqrs'

const measuredAddresses = Math.ceil(REQUESTS / PER_ADDRESS)
const warmUpAddresses = Math.ceil(WARM_UP_PAIRS / PER_ADDRESS)
const known = Array.from({ length: measuredAddresses + warmUpAddresses }, (_, i) => `known${i}@example.com`)
const unknown = Array.from({ length: measuredAddresses + warmUpAddresses }, (_, i) => `nobody${i}@example.com`)
const dataDir = mkdtempSync(join(tmpdir(), 'slotlink-enumeration-'))

let server: Launched | undefined
let base = ''
let origin = ''

/** Starts (or starts again) `npm start`'s entry on a free port, on the same data directory. */
async function boot() {
  await server?.stop()
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  origin = `http://localhost:${port}`
  server = launch(process.execPath, ['--import', 'tsx', 'src/server/node/main.ts'], {
    env: { ...process.env, PORT: String(port), SLOTLINK_DATA_DIR: dataDir, SLOTLINK_API_KEY: API_KEY, SLOTLINK_TRUST_PROXY: '127.0.0.1', NODE_ENV: 'development' },
  })
  await waitUntil('slotlink', server, () => answers(`${base}/healthz`))
}

let nextClient = 0
/** A client address of its own for every request (through the trusted proxy): no per-client limit is met. */
const nextClientAddress = () => {
  const n = ++nextClient
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
}

/** A browser's form post; resolves with the status and the time to the end of the body, in ms. */
async function post(path: string, fields: Record<string, string>, from = nextClientAddress()): Promise<{ status: number; ms: number }> {
  const started = performance.now()
  const response = await fetch(base + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, 'x-forwarded-for': from },
    body: new URLSearchParams(fields),
  })
  await response.arrayBuffer()
  return { status: response.status, ms: performance.now() - started }
}

/** Signs up every known address and confirms it by the link in its mail (from the dev outbox). */
async function createKnownAccounts() {
  for (const email of known) {
    const { status } = await post('/signup', { email, password: PASSWORD })
    if (status !== 200) throw new Error(`sign-up of a known address answered ${status}`)
  }
  const deadline = Date.now() + 60_000
  let mail: { to: string; text: string }[] = []
  while (known.some((email) => !mail.some((m) => m.to === email))) {
    if (Date.now() > deadline) throw new Error('not every confirmation mail reached the dev outbox in 60 s')
    await new Promise((r) => setTimeout(r, 200))
    mail = (await (await fetch(`${base}/dev/outbox.json`)).json()) as typeof mail
  }
  for (const email of known) {
    const link = /https?:\/\/\S+\/l\/[A-Za-z0-9_-]+/.exec(mail.find((m) => m.to === email)!.text)![0]
    const { status } = await post(new URL(link).pathname, {})
    if (status !== 200) throw new Error(`confirming a known address answered ${status}`)
  }
}

type Side = 'known' | 'unknown'
type Timings = Record<Side, number[]>

/**
 * Sends pair `from` … `to` - 1 of a route, each a known and an unknown request in random order;
 * pair i asks address ⌊i / 5⌋ of each side (warm-up pairs use the addresses after the measured ones).
 */
async function pairs(route: string, fieldsFor: (email: string) => Record<string, string>, from: number, to: number, timings: Timings) {
  for (let i = from; i < to; i++) {
    const address = Math.floor(i / PER_ADDRESS)
    const sides: Side[] = Math.random() < 0.5 ? ['known', 'unknown'] : ['unknown', 'known']
    for (const side of sides) {
      const email = side === 'known' ? known[address]! : route === '/signup' ? `new${i}@example.com` : unknown[address]!
      const { status, ms } = await post(route, fieldsFor(email))
      if (status !== 200) throw new Error(`${route} for a ${side} address answered ${status} (pair ${i}): the medians would not compare like with like`)
      timings[side].push(ms)
    }
  }
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Runs the warm-up pairs (the indices after the measured ones, timings dropped), then the measured pairs. */
async function measure(route: string, fieldsFor: (email: string) => Record<string, string>): Promise<Timings> {
  const timings: Timings = { known: [], unknown: [] }
  await pairs(route, fieldsFor, REQUESTS, REQUESTS + WARM_UP_PAIRS, { known: [], unknown: [] })
  await pairs(route, fieldsFor, 0, REQUESTS, timings)
  return timings
}

/**
 * /signup in batches of at most SIGNUPS_PER_BOOT requests, each on a fresh boot (see the module
 * comment), each batch after its own warm-up pairs.
 */
async function measureSignup(): Promise<Timings> {
  const timings: Timings = { known: [], unknown: [] }
  const fields = (email: string) => ({ email, password: PASSWORD })
  const measuredPerBoot = SIGNUPS_PER_BOOT / 2 - WARM_UP_PAIRS
  for (let from = 0; from < SIGNUP_REQUESTS; from += measuredPerBoot) {
    await boot()
    await pairs('/signup', fields, REQUESTS, REQUESTS + WARM_UP_PAIRS, { known: [], unknown: [] })
    await pairs('/signup', fields, from, Math.min(SIGNUP_REQUESTS, from + measuredPerBoot), timings)
  }
  return timings
}

/** Prints a route's medians as soon as they are measured (a long /signup run must not hide the others). */
function report(route: string, t: Timings) {
  const [k, u] = [median(t.known), median(t.unknown)]
  const row = { route, requests: `${t.known.length} + ${t.unknown.length}`, knownMedianMs: +k.toFixed(2), unknownMedianMs: +u.toFixed(2), ratio: +(k / u).toFixed(3), differencePct: +((Math.abs(k - u) / Math.min(k, u)) * 100).toFixed(1) }
  process.stdout.write(JSON.stringify(row) + '\n')
  process.stdout.write(`${route}: known ${row.knownMedianMs} ms, unknown ${row.unknownMedianMs} ms (medians of ${row.requests}); differ by ${row.differencePct} % (goal < 10 %) ${row.differencePct < 10 ? 'met' : 'MISSED'}\n`)
}

try {
  await boot()
  await createKnownAccounts()
  report('/forgot', await measure('/forgot', (email) => ({ email })))
  report('/login/link', await measure('/login/link', (email) => ({ email })))
  report('/signup', await measureSignup())
} finally {
  await server?.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
