/**
 * Slot snapshots: what lets open links survive an ordinary deploy (graceful stop, then start).
 *
 * A snapshot holds one table's open slots, with only the hash of each code, so the file cannot be
 * turned into working links. It is written atomically (temp file, fsync, rename, fsync of the
 * folder) and sealed with a SHA-256 of its contents, so a torn or edited file is refused whole.
 * It is read at most once: claimed by an atomic rename, then deleted before the service answers
 * its first request, so a crash later can never bring back a link that was used after the load.
 */
import { createHash } from 'node:crypto'
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { SlotAddress, SlotFields } from '../../workers/slot-table.ts'

export const SNAPSHOT_FORMAT = 'slotlink-slot-snapshot'
export const SNAPSHOT_VERSION = 1
const SNAPSHOT_NAME_RE = /^slots-([0-9a-f]{16})\.snapshot$/
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

export const snapshotPath = (dir: string, epoch: string) => join(dir, `slots-${epoch}.snapshot`)

/** Writes one table's open slots; returns how many. Entries already expired are left out. */
export function writeSnapshot(dir: string, epoch: string, entries: Iterable<SnapshotEntry>, nowSeconds: number): number {
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
    for (const { address, fields, codeHash } of entries) {
      if (fields.expiresAt <= nowSeconds) continue
      batch +=
        JSON.stringify([address.index, address.generation, fields.expiresAt, fields.purpose, fields.subject, fields.data, Buffer.from(codeHash).toString('base64')]) +
        '\n'
      count++
      if (batch.length >= WRITE_BATCH_CHARS) flush()
    }
    flush()
    writeSync(fd, JSON.stringify({ count, sha256: hash.digest('hex') }) + '\n')
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
  if (header.version !== SNAPSHOT_VERSION) return { ok: false, reason: `incompatible version ${String(header.version)}` }
  if (typeof header.epoch !== 'string' || !/^[0-9a-f]{16}$/.test(header.epoch)) return { ok: false, reason: 'corrupt' }
  if (trailer.sha256 !== createHash('sha256').update(body).digest('hex') || trailer.count !== lines.length - 1) {
    return { ok: false, reason: 'checksum mismatch (truncated or corrupt)' }
  }
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
