/**
 * What refusing a forged link costs in slotlink's own code, in a tight loop: the figures the
 * comments in src/core/token-codec.ts, byte-slab.ts and sha256.ts quote. A tight loop keeps every
 * cache warm, so inside a busy server the same work takes about two and a half times as long
 * (bench/README.md, "Where a forgery's time goes"); compare these figures with each other, not with
 * the HTTP rows.
 *
 *   node --import tsx bench/micro/forgery.ts
 */
import { decodeBase64UrlStrict, decodeBase64UrlStrictInto, decodedLength } from '../../src/core/base64url.ts'
import { ByteSlab } from '../../src/core/byte-slab.ts'
import { createLinkService, Keyring, nodeLinkCrypto, type SlotStore } from '../../src/node/index.ts'
import { HmacSha256 } from '../../src/node/sha256.ts'
import { verifyToken } from '../../src/core/token-codec.ts'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const ROUNDS = 5

// A slot store that only opens: a forgery must never reach the others.
const slots = {
  open: async () => ({ ok: true, handle: Uint8Array.from({ length: 12 }, (_, i) => i) }),
} as unknown as SlotStore
const keyring = await Keyring.fromSecrets([{ id: 'bench', secret: crypto.getRandomValues(new Uint8Array(32)) }], nodeLinkCrypto)
const links = createLinkService({ keyring, slots })
const issued = await links.issue({ purpose: 'reset_password', subject: 'user-1', ttl: 900 })
if (!issued.ok) throw new Error('could not mint')
// As the bench's forged scenario does: one tag character changed, clear of the padding bits.
const at = issued.token.length - 10
const forged = issued.token.slice(0, at) + ALPHABET[(ALPHABET.indexOf(issued.token[at]!) + 1) % 64] + issued.token.slice(at + 1)
const check = await links.consume(forged, { purpose: 'reset_password' })
if (check.ok || check.reason !== 'invalid') throw new Error('the forgery was not refused')

const mac = new HmacSha256(crypto.getRandomValues(new Uint8Array(32)))
const body = decodeBase64UrlStrict(forged)!.subarray(0, 55)
const slab = new ByteSlab()
const decoded = new Uint8Array(decodedLength(forged.length))
const now = Date.now()
let sink = 0

function nsPerCall(run: () => unknown, calls: number): number {
  const started = process.hrtime.bigint()
  for (let i = 0; i < calls; i++) run()
  return Number(process.hrtime.bigint() - started) / calls
}
async function nsPerAwait(run: () => Promise<unknown>, calls: number): Promise<number> {
  const started = process.hrtime.bigint()
  for (let i = 0; i < calls; i++) await run()
  return Number(process.hrtime.bigint() - started) / calls
}

const rows: Record<string, number[]> = {}
const record = (name: string, ns: number) => (rows[name] ??= []).push(ns)
for (let round = 0; round < ROUNDS; round++) {
  record('links.consume(forgery)', await nsPerAwait(() => links.consume(forged, { purpose: 'reset_password' }), 200_000))
  record('verifyToken(forgery)', await nsPerAwait(() => verifyToken(keyring, forged, now), 200_000))
  // Into memory already there, as verifyToken decodes (into the slab): decodeBase64UrlStrict's own
  // new Uint8Array(87) would cost more than the decode.
  record(`decode ${forged.length} characters into a buffer`, nsPerCall(() => decodeBase64UrlStrictInto(forged, decoded), 1_000_000))
  record('HMAC-SHA256 of a 55-byte body', nsPerCall(() => mac.sign(body), 1_000_000))
  record('new Uint8Array(32)', nsPerCall(() => (sink += new Uint8Array(32).length), 2_000_000))
  record('new Uint8Array(87)', nsPerCall(() => (sink += new Uint8Array(87).length), 2_000_000))
  record('ByteSlab.take(87)', nsPerCall(() => (sink += slab.take(87).length), 2_000_000))
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
console.log(`Node ${process.versions.node}, median of ${ROUNDS} rounds (ns per call)`)
for (const [name, values] of Object.entries(rows)) console.log(`${name.padEnd(40)} ${median(values).toFixed(0).padStart(6)}`)
if (sink < 0) console.log(sink)
