/**
 * Slot snapshots: what lets open links survive an ordinary deploy (graceful stop, then start).
 *
 * A snapshot holds one table's open slots, with only the hash of each code, so the file cannot be
 * turned into working links. It is written atomically (temp file, fsync, rename, fsync of the
 * folder) and sealed with a SHA-256 of its contents, so a torn or edited file is refused whole.
 * It is read at most once: claimed by an atomic rename (src/node/snapshot-files.ts), then deleted
 * before the service answers its first request, so a crash later can never bring back a link that
 * was used after the load. This file is the worker side: the format, written and read.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { snapshotPath } from '../src/node/snapshot-files.ts'
import type { SlotAddress, SlotFields } from './slot-table.ts'

export const SNAPSHOT_FORMAT = 'slotlink-slot-snapshot'
export const SNAPSHOT_VERSION = 1
/** Subjects and data are personal data: only the service's own user may read the file. */
const FILE_MODE = 0o600
/** Lines are written in batches of about this many characters, to keep memory flat for big tables. */
const WRITE_BATCH_CHARS = 1 << 20

export interface SnapshotEntry {
  address: SlotAddress
  fields: SlotFields
  codeHash: Uint8Array
}

export type SnapshotRead =
  | { ok: true; epoch: string; entries: SnapshotEntry[]; droppedExpired: number }
  | { ok: false; reason: string }

/** A snapshot written this far ahead of the reader's clock is refused: its write time is part of what is sealed. */
const MAX_CLOCK_SKEW_SECONDS = 300

/** Writes one table's open slots, sealed under `sealKey`; returns how many. Entries already expired are left out. */
export function writeSnapshot(dir: string, epoch: string, entries: Iterable<SnapshotEntry>, nowSeconds: number, sealKey: Uint8Array): number {
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
    for (const { address, fields, codeHash } of entries) {
      if (fields.expiresAt <= nowSeconds) continue
      batch +=
        JSON.stringify([address.index, address.generation, fields.expiresAt, fields.purpose, fields.subject, fields.data, Buffer.from(codeHash).toString('base64')]) +
        '\n'
      count++
      if (batch.length >= WRITE_BATCH_CHARS) flush()
    }
    flush()
    writeSync(fd, JSON.stringify({ count, hmac: hash.digest('hex') }) + '\n')
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tempPath, finalPath)
  syncFolder(dir)
  return count
}

/** Reads and verifies a claimed snapshot (sealed under any of `verifyKeys`), then deletes it whatever it held. Never throws. */
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
  if (header.version !== SNAPSHOT_VERSION) return { ok: false, reason: `incompatible version ${String(header.version)}` }
  if (typeof header.epoch !== 'string' || !/^[0-9a-f]{16}$/.test(header.epoch)) return { ok: false, reason: 'corrupt' }
  // The seal first: nothing in an unsealed file is believed, its header included.
  if (!sealedUnderAny(body, trailer.hmac, verifyKeys) || trailer.count !== lines.length - 1) {
    return { ok: false, reason: 'seal does not verify (edited, truncated, or sealed under other keys)' }
  }
  if (typeof header.writtenAt !== 'number' || header.writtenAt > nowSeconds + MAX_CLOCK_SKEW_SECONDS) return { ok: false, reason: 'written in the future' }
  const entries: SnapshotEntry[] = []
  let droppedExpired = 0
  for (let i = 1; i < lines.length; i++) {
    const row = JSON.parse(lines[i]!) as [number, number, number, string, string, string | null, string]
    const [index, generation, expiresAt, purpose, subject, data, codeHash] = row
    if (expiresAt <= nowSeconds) {
      droppedExpired++
      continue
    }
    entries.push({ address: { index, generation }, fields: { purpose, subject, data, expiresAt }, codeHash: new Uint8Array(Buffer.from(codeHash, 'base64')) })
  }
  return { ok: true, epoch: header.epoch, entries, droppedExpired }
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
