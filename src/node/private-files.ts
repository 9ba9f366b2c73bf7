/**
 * What slotlink keeps on disk (the demo's database, slot snapshots) holds personal data and the
 * hashes behind open links: only the service's own user may read it. Folders are 0700 and files
 * 0600, whatever the umask; an existing folder or file that others could read is tightened, with
 * one warning, because it was most likely made by hand or by an older version.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs'
import type { Logger } from '../core/logger.ts'

/** Owner only: the folder holds the database and the snapshots. */
export const PRIVATE_DIR_MODE = 0o700
/** Owner read/write only. */
export const PRIVATE_FILE_MODE = 0o600
/** Bits for group and others: any of them set means someone else may read or enter. */
const OTHERS_BITS = 0o077

/** Creates `dir` (and parents) 0700, or tightens it if it exists with looser bits. */
export function ensurePrivateDir(dir: string, logger?: Logger): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  tighten(dir, PRIVATE_DIR_MODE, logger)
}

/** Creates `path` empty at 0600 if it is missing (so a library opening it later keeps that mode), or tightens it. */
export function ensurePrivateFile(path: string, logger?: Logger): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE))
  tighten(path, PRIVATE_FILE_MODE, logger)
}

function tighten(path: string, wanted: number, logger: Logger | undefined): void {
  const mode = statSync(path).mode & 0o777
  if ((mode & OTHERS_BITS) === 0) return
  try {
    chmodSync(path, wanted)
    logger?.warn({ event: 'private_mode_tightened', path, from: mode.toString(8), to: wanted.toString(8) }, 'others could read this; its mode was tightened')
  } catch (error) {
    logger?.warn({ event: 'private_mode_loose', path, mode: mode.toString(8), error: (error as NodeJS.ErrnoException).code }, 'others can read this and its mode could not be changed: fix it by hand')
  }
}
