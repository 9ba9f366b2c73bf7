import type { Context } from 'hono'
import type { Account, AccountStore } from './account-store.ts'
import { SESSION_MAX_AGE_SECONDS, type SessionCookie } from './session-cookie.ts'

/** Sign-in sessions held on the server (SQLite or D1), found by the hash of the cookie's session id. */
export interface Sessions {
  /** Begins a session for `account` and sets its cookie. */
  start(c: Context, account: Account): Promise<void>
  /** The signed-in account, if the cookie names a live session whose account's password has not changed since. */
  current(c: Context): Promise<Account | undefined>
  /** Ends this browser's session on the server and clears its cookie. */
  end(c: Context): Promise<void>
  /**
   * For a browser that is not signed in: whether it still carries a well-signed session cookie,
   * i.e. was signed out from elsewhere (a password reset ends every session) or timed out. The
   * cookie is cleared, so this is said once.
   */
  endedElsewhere(c: Context): Promise<boolean>
}

export function serverSessions(cookie: SessionCookie, accounts: AccountStore, now: () => number): Sessions {
  return {
    async start(c, account) {
      const id = toHex(crypto.getRandomValues(new Uint8Array(32)))
      const at = now()
      await accounts.createSession({ idHash: await sessionIdHash(id), accountId: account.id, sessionVersion: account.sessionVersion, expiresAt: at + SESSION_MAX_AGE_SECONDS * 1000 }, at)
      await cookie.write(c, id)
    },
    async current(c) {
      const id = await cookie.read(c)
      if (!id) return undefined
      const session = await accounts.findSession(await sessionIdHash(id))
      if (!session || session.expiresAt <= now()) return undefined
      const account = await accounts.getById(session.accountId)
      // A reset ends the account's sessions outright; the version check also covers one begun during it.
      return account && account.sessionVersion === session.sessionVersion ? account : undefined
    },
    async end(c) {
      const id = await cookie.read(c)
      if (id) await accounts.endSession(await sessionIdHash(id))
      cookie.clear(c)
    },
    async endedElsewhere(c) {
      if (!(await cookie.read(c))) return false
      cookie.clear(c)
      return true
    },
  }
}

/** SHA-256 of the id: the table alone (a backup, a read-only leak) gives nobody a working cookie. */
async function sessionIdHash(id: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(id))))
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
