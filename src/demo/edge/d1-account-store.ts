import { ACCOUNT_COLUMNS, accountFromRow, SESSION_COLUMNS, sessionFromRow, type AccountRow, type SessionRow } from '../account-rows.ts'
import type { Account, AccountStore, CreateAccountResult, SetPasswordResult, StoredSession } from '../account-store.ts'

/**
 * The demo's accounts in D1, the edge's SQLite. The schema is the Node server's (migrations/, applied
 * with `wrangler d1 migrations apply DB`), and so are the statements: the same UNIQUE conflict
 * answer for a taken address and the same compare-and-set on the session version.
 *
 * @example
 * const accounts = new D1AccountStore(env.DB)
 * await accounts.create({ email: 'ada@example.com', passwordHash })
 */
export class D1AccountStore implements AccountStore {
  readonly #db: D1Database

  constructor(db: D1Database) {
    this.#db = db
  }

  async findByEmail(email: string): Promise<Account | undefined> {
    return accountFromRow(await this.#db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE email = ?`).bind(email).first<AccountRow>())
  }

  async getById(id: string): Promise<Account | undefined> {
    return accountFromRow(await this.#db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ?`).bind(id).first<AccountRow>())
  }

  async create(input: { email: string; passwordHash: string }): Promise<CreateAccountResult> {
    const id = crypto.randomUUID()
    const now = Date.now()
    const inserted = await this.#db
      .prepare('INSERT INTO accounts (id, email, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING')
      .bind(id, input.email, input.passwordHash, now, now)
      .run()
    if (inserted.meta.changes === 0) return { ok: false, reason: 'email_taken' }
    return { ok: true, account: { id, email: input.email, passwordHash: input.passwordHash, sessionVersion: 1, emailConfirmed: false } }
  }

  async setPassword(id: string, passwordHash: string, expectedSessionVersion: number): Promise<SetPasswordResult> {
    const updated = await this.#db
      .prepare(
        `UPDATE accounts SET password_hash = ?, password_changed_at = ?, session_version = session_version + 1
         WHERE id = ? AND session_version = ? RETURNING ${ACCOUNT_COLUMNS}`,
      )
      .bind(passwordHash, Date.now(), id, expectedSessionVersion)
      .first<AccountRow>()
    if (updated) return { ok: true, account: accountFromRow(updated)! }
    return { ok: false, reason: (await this.getById(id)) ? 'stale' : 'not_found' }
  }

  async confirmEmail(id: string): Promise<boolean> {
    const updated = await this.#db.prepare('UPDATE accounts SET email_confirmed_at = COALESCE(email_confirmed_at, ?) WHERE id = ?').bind(Date.now(), id).run()
    return updated.meta.changes > 0
  }

  async createSession(session: StoredSession, now: number): Promise<void> {
    await this.#db.batch([
      this.#db.prepare('DELETE FROM sessions WHERE account_id = ? AND expires_at <= ?').bind(session.accountId, now),
      this.#db
        .prepare('INSERT INTO sessions (id_hash, account_id, session_version, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
        .bind(session.idHash, session.accountId, session.sessionVersion, now, session.expiresAt),
    ])
  }

  async findSession(idHash: string): Promise<StoredSession | undefined> {
    return sessionFromRow(await this.#db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id_hash = ?`).bind(idHash).first<SessionRow>())
  }

  async endSession(idHash: string): Promise<void> {
    await this.#db.prepare('DELETE FROM sessions WHERE id_hash = ?').bind(idHash).run()
  }

  async endSessions(accountId: string): Promise<number> {
    return (await this.#db.prepare('DELETE FROM sessions WHERE account_id = ?').bind(accountId).run()).meta.changes
  }
}
