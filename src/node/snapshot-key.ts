/**
 * The key that seals slot snapshots, derived from the link-signing secrets (HKDF-SHA256, RFC 5869)
 * so there is nothing more to configure, yet a snapshot key says nothing about a signing key.
 * One per SLOTLINK_KEYS entry, in order: the first seals, every one verifies, so a snapshot written
 * just before a key rotation still loads after it.
 */
import { hkdfSync } from 'node:crypto'

/** Keeps this key apart from every other one derived from the same secret (sessions, …). */
const SNAPSHOT_KEY_INFO = 'slotlink slot snapshot seal v1'
const SNAPSHOT_KEY_BYTES = 32

export function deriveSnapshotKeys(secrets: readonly Uint8Array[]): Uint8Array[] {
  return secrets.map((secret) => new Uint8Array(hkdfSync('sha256', secret, new Uint8Array(0), SNAPSHOT_KEY_INFO, SNAPSHOT_KEY_BYTES)))
}
