import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
/** The SQL files in `migrations/`, shared with the edge's D1. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));
const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.sql$/;
/**
 * Applies the migrations this database has not seen yet, each in its own transaction, and records
 * them in `d1_migrations`, the same table and shape `wrangler d1 migrations apply` keeps, so one
 * history serves both runtimes. Returns the names it applied.
 */
export function applyMigrations(db, dir = MIGRATIONS_DIR) {
    db.exec(`CREATE TABLE IF NOT EXISTS d1_migrations(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE,
    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
  )`);
    const applied = new Set(db.prepare('SELECT name FROM d1_migrations').pluck().all());
    const pending = readdirSync(dir)
        .filter((name) => MIGRATION_FILE.test(name) && !applied.has(name))
        .sort();
    const record = db.prepare('INSERT INTO d1_migrations (name) VALUES (?)');
    for (const name of pending) {
        const sql = readFileSync(`${dir}/${name}`, 'utf8');
        db.transaction(() => {
            db.exec(sql);
            record.run(name);
        })();
    }
    return pending;
}
