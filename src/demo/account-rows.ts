import type { Account, StoredSession } from './account-store.ts'

/**
 * The rows of the accounts and sessions tables (migrations/), as both SQL stores read them: the
 * Node server's SQLite file and the edge's D1 share the schema and the statements.
 */
export interface AccountRow {
  id: string
  email: string
  password_hash: string
  session_version: number
  email_confirmed_at: number | null
}

export interface SessionRow {
  id_hash: string
  account_id: string
  session_version: number
  expires_at: number
}

/** The columns an `AccountRow` is read from, for SELECT and RETURNING. */
export const ACCOUNT_COLUMNS = 'id, email, password_hash, session_version, email_confirmed_at'
/** The columns a `SessionRow` is read from. */
export const SESSION_COLUMNS = 'id_hash, account_id, session_version, expires_at'

/** better-sqlite3 answers a missing row with undefined, D1 with null. */
export function accountFromRow(row: AccountRow | null | undefined): Account | undefined {
  return row ? { id: row.id, email: row.email, passwordHash: row.password_hash, sessionVersion: row.session_version, emailConfirmed: row.email_confirmed_at !== null } : undefined
}

export function sessionFromRow(row: SessionRow | null | undefined): StoredSession | undefined {
  return row ? { idHash: row.id_hash, accountId: row.account_id, sessionVersion: row.session_version, expiresAt: row.expires_at } : undefined
}
