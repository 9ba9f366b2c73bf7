-- Server-side sessions of the demo app: signing out or resetting a password ends a session here,
-- so a copied cookie stops working. Only a hash of the session id is kept: read access to the
-- database does not give anyone a working cookie.
CREATE TABLE sessions (
  -- SHA-256 (hex) of the random session id the cookie carries.
  id_hash TEXT PRIMARY KEY NOT NULL,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  -- The account's session_version when the session began: a reset bumps it, which ends this too.
  session_version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id);
