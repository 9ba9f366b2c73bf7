import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Logger } from '../../core/logger.ts'
import { ensurePrivateFile, PRIVATE_DIR_MODE } from '../../node/private-files.ts'
import { ACCOUNT_COLUMNS, accountFromRow, SESSION_COLUMNS, sessionFromRow, type AccountRow, type SessionRow } from '../account-rows.ts'
import type { Account, AccountStore, CreateAccountResult, SetPasswordResult, StoredSession } from '../account-store.ts'
import { applyMigrations } from './sqlite-migrations.ts'

/** Waits this long for another connection's write lock before failing, instead of failing at once. */
const BUSY_TIMEOUT_MS = 5_000

/**
 * Accounts in a SQLite file through better-sqlite3. Its calls are synchronous and take
 * microseconds on an indexed table, so the async interface costs nothing here; the edge's D1
 * store is truly async.
 *
 * @example
 * const accounts = SqliteAccountStore.open('.data/slotlink.db')
 * await accounts.create({ email: 'ada@example.com', passwordHash })
 */
export class SqliteAccountStore implements AccountStore {
  readonly #db: Database.Database
  readonly #byEmail: Database.Statement<[string], AccountRow>
  readonly #byId: Database.Statement<[string], AccountRow>
  readonly #insert: Database.Statement<[string, string, string, number, number]>
  readonly #setPassword: Database.Statement<[string, number, string, number], AccountRow>
  readonly #insertSession: Database.Statement<[string, string, number, number, number]>
  readonly #dropExpiredSessions: Database.Statement<[string, number]>
  readonly #findSession: Database.Statement<[string], SessionRow>
  readonly #endSession: Database.Statement<[string]>
  readonly #endSessions: Database.Statement<[string]>
  readonly #confirmEmail: Database.Statement<[number, string]>

  private constructor(db: Database.Database) {
    this.#db = db
    this.#byEmail = db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE email = ?`)
    this.#byId = db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ?`)
    this.#insert = db.prepare('INSERT INTO accounts (id, email, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING')
    this.#setPassword = db.prepare(
      `UPDATE accounts SET password_hash = ?, password_changed_at = ?, session_version = session_version + 1
       WHERE id = ? AND session_version = ? RETURNING ${ACCOUNT_COLUMNS}`,
    )
    this.#insertSession = db.prepare('INSERT INTO sessions (id_hash, account_id, session_version, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
    this.#dropExpiredSessions = db.prepare('DELETE FROM sessions WHERE account_id = ? AND expires_at <= ?')
    this.#findSession = db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id_hash = ?`)
    this.#endSession = db.prepare('DELETE FROM sessions WHERE id_hash = ?')
    this.#endSessions = db.prepare('DELETE FROM sessions WHERE account_id = ?')
    this.#confirmEmail = db.prepare('UPDATE accounts SET email_confirmed_at = COALESCE(email_confirmed_at, ?) WHERE id = ?')
  }

  /** Opens (creating if needed, 0600 in a 0700 folder) the database file and brings its schema up to date. */
  static open(path: string, logger?: Logger): SqliteAccountStore {
    if (path !== ':memory:') {
      // New folders only: DATABASE_PATH may sit in a shared folder that is not ours to change.
      mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE })
      // SQLite gives its -wal and -shm files the database file's mode, so they are private too.
      ensurePrivateFile(path, logger)
    }
    const db = new Database(path)
    // WAL lets readers go on while a write commits; the file survives a crash mid-write either way.
    db.pragma('journal_mode = WAL')
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    applyMigrations(db)
    return new SqliteAccountStore(db)
  }

  async findByEmail(email: string): Promise<Account | undefined> {
    return accountFromRow(this.#byEmail.get(email))
  }

  async getById(id: string): Promise<Account | undefined> {
    return accountFromRow(this.#byId.get(id))
  }

  async create(input: { email: string; passwordHash: string }): Promise<CreateAccountResult> {
    const id = crypto.randomUUID()
    const now = Date.now()
    const inserted = this.#insert.run(id, input.email, input.passwordHash, now, now)
    if (inserted.changes === 0) return { ok: false, reason: 'email_taken' }
    return { ok: true, account: { id, email: input.email, passwordHash: input.passwordHash, sessionVersion: 1, emailConfirmed: false } }
  }

  async setPassword(id: string, passwordHash: string, expectedSessionVersion: number): Promise<SetPasswordResult> {
    const updated = this.#setPassword.get(passwordHash, Date.now(), id, expectedSessionVersion)
    if (updated) return { ok: true, account: accountFromRow(updated)! }
    return { ok: false, reason: this.#byId.get(id) ? 'stale' : 'not_found' }
  }

  async confirmEmail(id: string): Promise<boolean> {
    return this.#confirmEmail.run(Date.now(), id).changes > 0
  }

  async createSession(session: StoredSession, now: number): Promise<void> {
    this.#db.transaction(() => {
      this.#dropExpiredSessions.run(session.accountId, now)
      this.#insertSession.run(session.idHash, session.accountId, session.sessionVersion, now, session.expiresAt)
    })()
  }

  async findSession(idHash: string): Promise<StoredSession | undefined> {
    return sessionFromRow(this.#findSession.get(idHash))
  }

  async endSession(idHash: string): Promise<void> {
    this.#endSession.run(idHash)
  }

  async endSessions(accountId: string): Promise<number> {
    return this.#endSessions.run(accountId).changes
  }

  close(): void {
    this.#db.close()
  }
}
