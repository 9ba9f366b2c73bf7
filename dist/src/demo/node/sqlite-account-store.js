import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { applyMigrations } from "./sqlite-migrations.js";
/** Waits this long for another connection's write lock before failing, instead of failing at once. */
const BUSY_TIMEOUT_MS = 5_000;
/**
 * Accounts in a SQLite file through better-sqlite3. Its calls are synchronous and take
 * microseconds on an indexed table, so the async interface costs nothing here; the edge's D1
 * store is truly async.
 *
 * @example
 * const accounts = SqliteAccountStore.open('.data/slotlink.db')
 * await accounts.create({ email: 'ada@example.com', passwordHash })
 */
export class SqliteAccountStore {
    #db;
    #byEmail;
    #byId;
    #insert;
    #setPassword;
    constructor(db) {
        this.#db = db;
        const columns = 'id, email, password_hash, session_version';
        this.#byEmail = db.prepare(`SELECT ${columns} FROM accounts WHERE email = ?`);
        this.#byId = db.prepare(`SELECT ${columns} FROM accounts WHERE id = ?`);
        this.#insert = db.prepare('INSERT INTO accounts (id, email, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING');
        this.#setPassword = db.prepare(`UPDATE accounts SET password_hash = ?, password_changed_at = ?, session_version = session_version + 1
       WHERE id = ? AND session_version = ? RETURNING ${columns}`);
    }
    /** Opens (creating if needed) the database file and brings its schema up to date. */
    static open(path) {
        if (path !== ':memory:')
            mkdirSync(dirname(path), { recursive: true });
        const db = new Database(path);
        // WAL lets readers go on while a write commits; the file survives a crash mid-write either way.
        db.pragma('journal_mode = WAL');
        db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
        applyMigrations(db);
        return new SqliteAccountStore(db);
    }
    async findByEmail(email) {
        return toAccount(this.#byEmail.get(email));
    }
    async getById(id) {
        return toAccount(this.#byId.get(id));
    }
    async create(input) {
        const id = crypto.randomUUID();
        const now = Date.now();
        const inserted = this.#insert.run(id, input.email, input.passwordHash, now, now);
        if (inserted.changes === 0)
            return { ok: false, reason: 'email_taken' };
        return { ok: true, account: { id, email: input.email, passwordHash: input.passwordHash, sessionVersion: 1 } };
    }
    async setPassword(id, passwordHash, expectedSessionVersion) {
        const updated = this.#setPassword.get(passwordHash, Date.now(), id, expectedSessionVersion);
        if (updated)
            return { ok: true, account: toAccount(updated) };
        return { ok: false, reason: this.#byId.get(id) ? 'stale' : 'not_found' };
    }
    close() {
        this.#db.close();
    }
}
function toAccount(row) {
    return row && { id: row.id, email: row.email, passwordHash: row.password_hash, sessionVersion: row.session_version };
}
