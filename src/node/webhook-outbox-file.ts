/**
 * The Node webhook outbox across a graceful restart: `close()` of the queue hands back what was
 * not delivered, this writes it to `$SLOTLINK_DATA_DIR/webhooks/outbox.jsonl`, and the next start
 * reads it back into the queue.
 *
 * The file stays in place while the server runs and is only replaced at the next graceful stop: a
 * crash then re-sends what was read at start (receivers de-duplicate on `webhook-id`; delivery is
 * at least once), where deleting it on read would lose it. Events name subjects, so the folder is
 * 0700 and the file 0600, like the slot snapshots; no token, ticket or code is ever in an event.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from '../core/logger.ts'
import { isLifecycleEventType } from '../core/webhooks/lifecycle-event.ts'
import { isOutboxEntry, type OutboxEntry } from '../core/webhooks/outbox.ts'

export const OUTBOX_FORMAT = 'slotlink-webhook-outbox'
export const OUTBOX_VERSION = 1
const DIR_MODE = 0o700
const FILE_MODE = 0o600

export const outboxDir = (dataDir: string) => join(dataDir, 'webhooks')
export const outboxPath = (dataDir: string) => join(outboxDir(dataDir), 'outbox.jsonl')

/** The entries a previous run left; none if there is no file. Lines that do not parse are skipped and counted in the log. */
export function readOutboxFile(dataDir: string, logger: Logger): OutboxEntry[] {
  let text: string
  try {
    text = readFileSync(outboxPath(dataDir), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const [header, ...lines] = text.split('\n').filter((line) => line !== '')
  if (!isHeader(header)) {
    logger.error({ event: 'webhook_outbox_unreadable' }, 'the webhook outbox file is not one this version wrote; it is left in place and not used')
    return []
  }
  const entries: OutboxEntry[] = []
  let skipped = 0
  for (const line of lines) {
    const entry = parseLine(line)
    if (entry) entries.push(entry)
    else skipped++
  }
  logger.info({ event: 'webhook_outbox_restored', restored: entries.length, skipped })
  return entries
}

/** Replaces the file with `entries` (atomically: temp file, fsync, rename), or removes it when there are none. */
export function writeOutboxFile(dataDir: string, entries: readonly OutboxEntry[]): void {
  const path = outboxPath(dataDir)
  if (entries.length === 0) {
    try {
      unlinkSync(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    return
  }
  mkdirSync(outboxDir(dataDir), { recursive: true, mode: DIR_MODE })
  const tempPath = `${path}.tmp`
  const fd = openSync(tempPath, 'w', FILE_MODE)
  try {
    writeSync(fd, JSON.stringify({ format: OUTBOX_FORMAT, version: OUTBOX_VERSION }) + '\n')
    for (const entry of entries) {
      const { id, type, payload, queuedAt, failedAttempts, nextAttemptAt } = entry
      writeSync(fd, JSON.stringify({ id, type, payload, queuedAt, failedAttempts, nextAttemptAt }) + '\n')
    }
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tempPath, path)
}

function isHeader(line: string | undefined): boolean {
  try {
    const header = JSON.parse(line ?? '') as { format?: unknown; version?: unknown }
    return header.format === OUTBOX_FORMAT && header.version === OUTBOX_VERSION
  } catch {
    return false
  }
}

function parseLine(line: string): OutboxEntry | undefined {
  try {
    const value: unknown = JSON.parse(line)
    return isOutboxEntry(value) && isLifecycleEventType(value.type) ? value : undefined
  } catch {
    return undefined
  }
}
