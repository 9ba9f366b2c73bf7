/**
 * The seam between the demo app and wherever accounts live: SQLite on Node (better-sqlite3),
 * D1 at the edge. Every method is async so both fit behind it.
 */

/** A person's account. `sessionVersion` is carried in session cookies; bumping it ends them all. */
export interface Account {
  readonly id: string
  /** Normalized (see normalizeEmail); unique. */
  readonly email: string
  /** Self-describing, e.g. `scrypt$ln=17,r=8,p=1$<salt>$<hash>` (see PasswordHasher). */
  readonly passwordHash: string
  readonly sessionVersion: number
  /** The address was proven by a confirmation or reset link or code; until then no sign-in. */
  readonly emailConfirmed: boolean
}

export type CreateAccountResult =
  | { readonly ok: true; readonly account: Account }
  | { readonly ok: false; readonly reason: 'email_taken' }

/**
 * `stale`: the session version moved on since the caller read it, i.e. someone else changed the
 * password first. Callers treat it like a used link.
 */
export type SetPasswordResult =
  | { readonly ok: true; readonly account: Account }
  | { readonly ok: false; readonly reason: 'not_found' | 'stale' }

/** A server-side session, found by the hash of its id (the cookie carries the id itself). */
export interface StoredSession {
  readonly idHash: string
  readonly accountId: string
  /** The account's session version when it began; a password change moves the account's on. */
  readonly sessionVersion: number
  /** Milliseconds since the epoch. */
  readonly expiresAt: number
}

export interface AccountStore {
  /** `email` must already be normalized. */
  findByEmail(email: string): Promise<Account | undefined>
  getById(id: string): Promise<Account | undefined>
  /** `email` must already be normalized; answers `email_taken` rather than throwing on a duplicate. */
  create(input: { email: string; passwordHash: string }): Promise<CreateAccountResult>
  /**
   * Replaces the password hash and bumps the session version, so that every session cookie
   * issued before ends. Only if the version is still `expectedSessionVersion` (compare-and-set):
   * two reset links used at once cannot both win.
   */
  setPassword(id: string, passwordHash: string, expectedSessionVersion: number): Promise<SetPasswordResult>
  /** Marks the address confirmed (idempotent); false if there is no such account. */
  confirmEmail(id: string): Promise<boolean>
  /** Records a new session; also drops this account's expired ones, so the table does not grow. */
  createSession(session: StoredSession, now: number): Promise<void>
  findSession(idHash: string): Promise<StoredSession | undefined>
  /** Ends one session (sign-out). */
  endSession(idHash: string): Promise<void>
  /** Ends every session of the account (password reset); returns how many. */
  endSessions(accountId: string): Promise<number>
}
