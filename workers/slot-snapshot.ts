/**
 * Slot snapshots: what lets open links survive an ordinary deploy (graceful stop, then start).
 *
 * A snapshot holds one table's open slots, with only the hash of each code (and the keyed hash of
 * a typed code, useless without its ticket), so the file cannot be turned into working links; and
 * its tombstones, so that a restart keeps explaining why a used link is used. It is written atomically (temp file, fsync, rename, fsync of the
 * folder) and sealed with an HMAC-SHA256 under a key derived from SLOTLINK_KEYS, over a header
 * that names the format, version, epoch and write time: a torn, edited or forged file is refused
 * whole. It is read at most once: claimed by an atomic rename (src/node/snapshot-files.ts), then
 * deleted before the service answers its first request, so a crash later can never bring back a
 * link that was used after the load. This file is the worker side: the format, written and read.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { snapshotPath } from '../src/node/snapshot-files.ts'
import type { Replay } from './slot-ledger.ts'
import type { SlotAddress, SlotExtras, SlotFields } from './slot-table.ts'
import type { Tombstone, TombstoneReason } from './tombstone-table.ts'

export const SNAPSHOT_FORMAT = 'slotlink-slot-snapshot'
/**
 * 2 adds typed codes, creation times and tombstones, and the HMAC seal. A version 1 file (sealed
 * with a plain SHA-256, which anyone who can edit the file can recompute) is refused by its seal.
 */
export const SNAPSHOT_VERSION = 2
const READABLE_VERSIONS = new Set([2])
/** A snapshot written this far ahead of the reader's clock is refused: its write time is part of what is sealed. */
const MAX_CLOCK_SKEW_SECONDS = 300
const TOMBSTONE_REASONS = new Set<string>(['consumed', 'redeemed', 'revoked', 'superseded', 'locked'])
/** Subjects and data are personal data: only the service's own user may read the file. */
const FILE_MODE = 0o600
/** Lines are written in batches of about this many characters, to keep memory flat for big tables. */
const WRITE_BATCH_CHARS = 1 << 20

export interface SnapshotEntry {
  address: SlotAddress
  fields: SlotFields
  codeHash: Uint8Array
  extras: SlotExtras
}

export interface TombstoneEntry {
  address: SlotAddress
  tombstone: Tombstone
  replay: Replay | undefined
}

export type SnapshotRead =
  | { ok: true; epoch: string; entries: SnapshotEntry[]; tombstones: TombstoneEntry[]; droppedExpired: number }
  | { ok: false; reason: string }


const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')
const fromB64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'))

/** Writes one table's open slots and tombstones; returns how many slots. Entries already expired are left out. */
export function writeSnapshot(dir: string, epoch: string, entries: Iterable<SnapshotEntry>, nowSeconds: number, sealKey: Uint8Array, tombstones: Iterable<TombstoneEntry> = []): number {
  const finalPath = snapshotPath(dir, epoch)
  const tempPath = join(dir, `.slots-${epoch}.snapshot.tmp`)
  const hash = createHmac('sha256', sealKey)
  const fd = openSync(tempPath, 'w', FILE_MODE)
  let count = 0
  try {
    let batch = ''
    const flush = () => {
      if (batch === '') return
      hash.update(batch)
      writeSync(fd, batch)
      batch = ''
    }
    batch += JSON.stringify({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, epoch, writtenAt: nowSeconds }) + '\n'
    let rows = 0
    for (const { address, fields, codeHash, extras } of entries) {
      if (fields.expiresAt <= nowSeconds) continue
      const { typedCodeHash, attempts, createdAtMs } = extras
      const row = ['o', address.index, address.generation, fields.expiresAt, fields.purpose, fields.subject, fields.data, b64(codeHash), typedCodeHash && b64(typedCodeHash), attempts, createdAtMs]
      batch += JSON.stringify(row) + '\n'
      count++
      rows++
      if (batch.length >= WRITE_BATCH_CHARS) flush()
    }
    for (const { address, tombstone, replay } of tombstones) {
      if (tombstone.expiresAt <= nowSeconds) continue
      const kept = replay ? [b64(replay.keyHash), replay.fields.purpose, replay.fields.subject, replay.fields.data] : null
      batch += JSON.stringify(['t', address.index, address.generation, tombstone.expiresAt, tombstone.reason, tombstone.at, kept]) + '\n'
      rows++
      if (batch.length >= WRITE_BATCH_CHARS) flush()
    }
    flush()
    writeSync(fd, JSON.stringify({ count: rows, hmac: hash.digest('hex') }) + '\n')
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tempPath, finalPath)
  syncFolder(dir)
  return count
}

/** Reads and verifies a claimed snapshot, then deletes it whatever it held. Never throws. */
export function readAndRemoveSnapshot(path: string, nowSeconds: number, verifyKeys: readonly Uint8Array[]): SnapshotRead {
  try {
    return parseSnapshot(readFileSync(path, 'utf8'), nowSeconds, verifyKeys)
  } catch (error) {
    return { ok: false, reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})` }
  } finally {
    try {
      unlinkSync(path)
    } catch {
      // Already gone: nothing can read it again either way.
    }
  }
}

export function parseSnapshot(text: string, nowSeconds: number, verifyKeys: readonly Uint8Array[]): SnapshotRead {
  if (!text.endsWith('\n')) return { ok: false, reason: 'truncated' }
  const trailerStart = text.lastIndexOf('\n', text.length - 2) + 1
  const body = text.slice(0, trailerStart)
  const lines = body.split('\n')
  lines.pop()
  let header: { format?: unknown; version?: unknown; epoch?: unknown; writtenAt?: unknown }
  let trailer: { count?: unknown; hmac?: unknown }
  try {
    header = JSON.parse(lines[0] ?? '')
    trailer = JSON.parse(text.slice(trailerStart))
  } catch {
    return { ok: false, reason: 'corrupt' }
  }
  if (header.format !== SNAPSHOT_FORMAT) return { ok: false, reason: 'not a slot snapshot' }
  if (!READABLE_VERSIONS.has(header.version as number)) return { ok: false, reason: `incompatible version ${String(header.version)}` }
  if (typeof header.epoch !== 'string' || !/^[0-9a-f]{16}$/.test(header.epoch)) return { ok: false, reason: 'corrupt' }
  // The seal first: nothing in an unsealed file is believed, its header included.
  if (!sealedUnderAny(body, trailer.hmac, verifyKeys) || trailer.count !== lines.length - 1) {
    return { ok: false, reason: 'seal does not verify (edited, truncated, or sealed under other keys)' }
  }
  if (typeof header.writtenAt !== 'number' || header.writtenAt > nowSeconds + MAX_CLOCK_SKEW_SECONDS) return { ok: false, reason: 'written in the future' }
  const entries: SnapshotEntry[] = []
  const tombstones: TombstoneEntry[] = []
  let droppedExpired = 0
  for (let i = 1; i < lines.length; i++) {
    const row = JSON.parse(lines[i]!) as unknown[]
    // Version 1 rows are open slots without a tag or the v2 extras.
    const tag = typeof row[0] === 'string' ? row.shift() : 'o'
    const [index, generation, expiresAt] = row as [number, number, number]
    if (expiresAt <= nowSeconds) {
      if (tag === 'o') droppedExpired++
      continue
    }
    const address = { index, generation }
    if (tag === 't') {
      const [, , , reason, at, kept] = row as [number, number, number, string, number, [string, string, string, string | null] | null]
      if (!TOMBSTONE_REASONS.has(reason)) return { ok: false, reason: 'corrupt' }
      const replay = kept ? { keyHash: fromB64(kept[0]), fields: { purpose: kept[1], subject: kept[2], data: kept[3], expiresAt } } : undefined
      tombstones.push({ address, tombstone: { reason: reason as TombstoneReason, at, expiresAt, replay: replay !== undefined }, replay })
      continue
    }
    const [, , , purpose, subject, data, codeHash, typedCodeHash, attempts, createdAtMs] = row as [number, number, number, string, string, string | null, string, string | null | undefined, number | undefined, number | undefined]
    const extras = { typedCodeHash: typedCodeHash ? fromB64(typedCodeHash) : null, attempts: attempts ?? 0, createdAtMs: createdAtMs ?? 0 }
    entries.push({ address, fields: { purpose, subject, data, expiresAt }, codeHash: fromB64(codeHash), extras })
  }
  return { ok: true, epoch: header.epoch, entries, tombstones, droppedExpired }
}

function sealedUnderAny(body: string, seal: unknown, keys: readonly Uint8Array[]): boolean {
  if (typeof seal !== 'string' || !/^[0-9a-f]{64}$/.test(seal)) return false
  const expected = Buffer.from(seal, 'hex')
  // Every key is tried, whichever matches: which key sealed it is not a secret, but this keeps it simple.
  let sealed = false
  for (const key of keys) if (timingSafeEqual(createHmac('sha256', key).update(body).digest(), expected)) sealed = true
  return sealed
}

function syncFolder(dir: string): void {
  // Makes the rename itself durable; not every platform can fsync a folder, which is fine.
  try {
    const fd = openSync(dir, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    /* best effort */
  }
}
