/**
 * `npm run bench:signup-flood`: another person's sign-in while /signup is flooded (issue 16,
 * finding 1). Starts the Node server as `npm start` runs it (full scrypt cost), measures the
 * median of sequential sign-ins when idle, then again while 24 clients post sign-ups as fast as
 * they are answered: once from one address, once from many (X-Forwarded-For through a trusted
 * proxy on loopback, as a botnet would look). Goal: the flooded median within 2× of idle.
 *
 * Options (environment): FLOOD_CLIENTS (24), FLOOD_SECONDS (20), LOGINS (8).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { answers, freePort, launch, waitUntil } from '../scripts/lib/launch.ts'

const CLIENTS = Number(process.env.FLOOD_CLIENTS ?? 24)
const FLOOD_SECONDS = Number(process.env.FLOOD_SECONDS ?? 20)
const LOGINS = Number(process.env.LOGINS ?? 8)
const PASSWORD = 'correct horse battery staple'

const port = await freePort()
const base = `http://127.0.0.1:${port}`
const dataDir = mkdtempSync(join(tmpdir(), 'slotlink-flood-'))
const server = launch(process.execPath, ['--import', 'tsx', 'src/server/node/main.ts'], {
  env: {
    ...process.env,
    PORT: String(port),
    SLOTLINK_DATA_DIR: dataDir,
    SLOTLINK_API_KEY: 'bench-api-key-0123456789abcdefghijklmnopqrs',
    SLOTLINK_TRUST_PROXY: '127.0.0.1',
    NODE_ENV: 'development',
  },
})
const post = (path: string, fields: Record<string, string>, forwardedFor?: string) =>
  fetch(base + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: `http://localhost:${port}`, ...(forwardedFor && { 'x-forwarded-for': forwardedFor }) },
    body: new URLSearchParams(fields),
  }).then(async (r) => (await r.arrayBuffer(), r.status))

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const peakRssMb = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024

/** Sequential sign-ins of the real user, each from its own address; their durations in ms. */
async function signIns(): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < LOGINS; i++) {
    const started = performance.now()
    const status = await post('/login', { email: 'real@example.com', password: PASSWORD }, `192.0.2.${(i % 200) + 1}`)
    times.push(performance.now() - started)
    if (status !== 303) throw new Error(`the real user's sign-in answered ${status}`)
  }
  return times
}

async function flooded(manyAddresses: boolean) {
  const statuses = new Map<number, number>()
  let stop = false
  let n = 0
  const client = async (c: number) => {
    while (!stop) {
      const i = n++
      const from = manyAddresses ? `203.0.${Math.floor(i / 250) % 250}.${(i % 250) + 1}` : '198.51.100.77'
      const status = await post('/signup', { email: `spam${manyAddresses ? 'm' : 's'}${i}-${c}@example.com`, password: PASSWORD }, from).catch(() => 0)
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
    }
  }
  const flood = Array.from({ length: CLIENTS }, (_, c) => client(c))
  await new Promise((r) => setTimeout(r, 1_000))
  const during = await signIns()
  const until = Date.now() + FLOOD_SECONDS * 1000
  while (Date.now() < until) during.push(...(await signIns()))
  stop = true
  await Promise.all(flood)
  return { p50: median(during), statuses: Object.fromEntries(statuses) }
}

/**
 * Signs the real user up and confirms the address by the link in its confirmation mail, read from
 * the dev outbox (this process is a loopback client): an account signs in only once confirmed.
 */
async function createConfirmedUser(): Promise<void> {
  const signedUp = await post('/signup', { email: 'real@example.com', password: PASSWORD }, '192.0.2.250')
  if (signedUp >= 400) throw new Error(`could not sign the real user up (${signedUp})`)
  const mail = (await (await fetch(`${base}/dev/outbox.json`)).json()) as { to: string; text: string }[]
  const link = /https?:\/\/\S+\/l\/[A-Za-z0-9_-]+/.exec(mail.find((m) => m.to === 'real@example.com')?.text ?? '')?.[0]
  if (!link) throw new Error('no confirmation mail for the real user in the dev outbox')
  const confirmed = await post(new URL(link).pathname, {})
  if (confirmed >= 400) throw new Error(`could not confirm the real user (${confirmed})`)
}

try {
  await waitUntil('slotlink', server, () => answers(`${base}/healthz`))
  await createConfirmedUser()
  const idle = median(await signIns())
  const oneAddress = await flooded(false)
  const manyAddresses = await flooded(true)
  const report = {
    clients: CLIENTS,
    floodSeconds: FLOOD_SECONDS,
    idleLoginP50Ms: Math.round(idle),
    floodOneAddress: { loginP50Ms: Math.round(oneAddress.p50), ratio: +(oneAddress.p50 / idle).toFixed(2), signupStatuses: oneAddress.statuses },
    floodManyAddresses: { loginP50Ms: Math.round(manyAddresses.p50), ratio: +(manyAddresses.p50 / idle).toFixed(2), signupStatuses: manyAddresses.statuses },
    serverPeakRssMb: Math.round(peakRssMb()),
  }
  process.stdout.write(JSON.stringify(report, null, 2) + '\n')
  const worst = Math.max(report.floodOneAddress.ratio, report.floodManyAddresses.ratio)
  process.stdout.write(`login p50 under a ${CLIENTS}-client sign-up flood: ${worst}× idle (goal ≤ 2×)\n`)
} finally {
  await server.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
