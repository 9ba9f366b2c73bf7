/**
 * Slot snapshots: what lets open links survive an ordinary deploy (graceful stop, then start).
 *
 * A snapshot holds one table's open slots, with only the hash of each code (and the keyed hash of
 * a typed code, useless without its ticket), so the file cannot be turned into working links; and
 * its tombstones, so that a restart keeps explaining why a used link is used. It is written atomically (temp file, fsync, rename, fsync of the
 * folder) and sealed with a SHA-256 of its contents, so a torn or edited file is refused whole.
 * It is read at most once: claimed by an atomic rename, then deleted before the service answers
 * its first request, so a crash later can never bring back a link that was used after the load.
 */
import { createHash } from 'node:crypto'
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { Replay } from '../../workers/slot-ledger.ts'
import type { SlotAddress, SlotExtras, SlotFields } from '../../workers/slot-table.ts'
import type { Tombstone, TombstoneReason } from '../../workers/tombstone-table.ts'

export const SNAPSHOT_FORMAT = 'slotlink-slot-snapshot'
/** 2 adds typed codes, creation times and tombstones; a version 1 file (open slots only) is still read. */
export const SNAPSHOT_VERSION = 2
const READABLE_VERSIONS = new Set([1, 2])
const TOMBSTONE_REASONS = new Set<string>(['consumed', 'redeemed', 'revoked', 'superseded', 'locked'])
const SNAPSHOT_NAME_RE = /^slots-([0-9a-f]{16})\.snapshot$/
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

export const snapshotPath = (dir: string, epoch: string) => join(dir, `slots-${epoch}.snapshot`)

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')
const fromB64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'))

/** Writes one table's open slots and tombstones; returns how many slots. Entries already expired are left out. */
export function writeSnapshot(dir: string, epoch: string, entries: Iterable<SnapshotEntry>, nowSeconds: number, tombstones: Iterable<TombstoneEntry> = []): number {
  const finalPath = snapshotPath(dir, epoch)
  const tempPath = join(dir, `.slots-${epoch}.snapshot.tmp`)
  const hash = createHash('sha256')
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
    writeSync(fd, JSON.stringify({ count: rows, sha256: hash.digest('hex') }) + '\n')
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tempPath, finalPath)
  syncFolder(dir)
  return count
}

/**
 * Claims up to `max` snapshots for this thread by renaming them: of several workers starting at
 * once, each file goes to exactly one. Returns the claimed paths.
 */
export function claimSnapshots(dir: string, max: number, claimant: number): string[] {
  const claimed: string[] = []
  for (const name of safeList(dir)) {
    if (claimed.length >= max) break
    if (!SNAPSHOT_NAME_RE.test(name)) continue
    const claimedPath = join(dir, `${name}.claimed-${claimant}`)
    try {
      renameSync(join(dir, name), claimedPath)
      claimed.push(claimedPath)
    } catch {
      // Another worker claimed it first.
    }
  }
  return claimed
}

/** Reads and verifies a claimed snapshot, then deletes it whatever it held. Never throws. */
export function readAndRemoveSnapshot(path: string, nowSeconds: number): SnapshotRead {
  try {
    return parseSnapshot(readFileSync(path, 'utf8'), nowSeconds)
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

/** Removes leftovers of an interrupted write or load; neither may ever be read. */
export function removeStaleSnapshotFiles(dir: string): string[] {
  const removed: string[] = []
  for (const name of safeList(dir)) {
    if (/\.snapshot\.tmp$/.test(name) || /\.snapshot\.claimed-\d+$/.test(name)) {
      try {
        unlinkSync(join(dir, name))
        removed.push(name)
      } catch {
        // Gone already.
      }
    }
  }
  return removed
}

/** Snapshot files not yet claimed. */
export function listSnapshots(dir: string): string[] {
  return safeList(dir).filter((name) => SNAPSHOT_NAME_RE.test(name))
}

export function parseSnapshot(text: string, nowSeconds: number): SnapshotRead {
  if (!text.endsWith('\n')) return { ok: false, reason: 'truncated' }
  const trailerStart = text.lastIndexOf('\n', text.length - 2) + 1
  const body = text.slice(0, trailerStart)
  const lines = body.split('\n')
  lines.pop()
  let header: { format?: unknown; version?: unknown; epoch?: unknown }
  let trailer: { count?: unknown; sha256?: unknown }
  try {
    header = JSON.parse(lines[0] ?? '')
    trailer = JSON.parse(text.slice(trailerStart))
  } catch {
    return { ok: false, reason: 'corrupt' }
  }
  if (header.format !== SNAPSHOT_FORMAT) return { ok: false, reason: 'not a slot snapshot' }
  if (!READABLE_VERSIONS.has(header.version as number)) return { ok: false, reason: `incompatible version ${String(header.version)}` }
  if (typeof header.epoch !== 'string' || !/^[0-9a-f]{16}$/.test(header.epoch)) return { ok: false, reason: 'corrupt' }
  if (trailer.sha256 !== createHash('sha256').update(body).digest('hex') || trailer.count !== lines.length - 1) {
    return { ok: false, reason: 'checksum mismatch (truncated or corrupt)' }
  }
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

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).sort()
  } catch {
    return []
  }
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
