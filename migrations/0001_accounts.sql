-- Accounts of the demo app. Plain SQLite that both better-sqlite3 (Node) and D1 (edge) run;
-- applied in file-name order and recorded in d1_migrations, the table `wrangler d1 migrations` uses.
CREATE TABLE accounts (
  id TEXT PRIMARY KEY NOT NULL,
  -- Normalized (trimmed, NFC, lower case) by the app before it gets here.
  email TEXT NOT NULL UNIQUE,
  -- Self-describing, e.g. scrypt$ln=17,r=8,p=1$<salt>$<hash>; never the password.
  password_hash TEXT NOT NULL,
  -- Session cookies carry it; a password change bumps it, which ends every older session.
  session_version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  password_changed_at INTEGER NOT NULL
);
