import type { Context } from 'hono';
import type { Account } from './account-store.ts';
/** A week: long enough not to annoy, short enough that a forgotten shared computer signs itself out. */
export declare const SESSION_MAX_AGE_SECONDS: number;
/** Who a valid cookie says is signed in; the caller still checks `sessionVersion` against the account. */
export interface SessionClaim {
    readonly accountId: string;
    readonly sessionVersion: number;
}
export interface SessionCookieOptions {
    /** HMAC key for Hono's signed cookies (see deriveSessionSecret). */
    readonly secret: Uint8Array;
    /** Set when PUBLIC_URL is https: the cookie then gets `Secure` and the `__Host-` prefix. */
    readonly secure: boolean;
    readonly now?: () => number;
}
export interface SessionCookie {
    read(c: Context): Promise<SessionClaim | undefined>;
    write(c: Context, account: Account): Promise<void>;
    clear(c: Context): void;
}
/**
 * The session is a signed cookie (Hono's HMAC-SHA256 signed cookies) holding the account id, the
 * account's session version and when it was issued; nothing is stored on the server. A password
 * reset bumps the version, which ends every session issued before it; the issue time bounds a
 * cookie's life even if the browser keeps it past Max-Age.
 *
 * HttpOnly so page scripts cannot read it; SameSite=Lax so other sites cannot post with it.
 */
export declare function sessionCookie(options: SessionCookieOptions): SessionCookie;
/**
 * The cookie key, derived from the first SLOTLINK_KEYS secret so sessions survive a restart
 * without another setting, yet a leaked cookie key says nothing about the link key.
 */
export declare function deriveSessionSecret(linkSecret: Uint8Array): Promise<Uint8Array>;
