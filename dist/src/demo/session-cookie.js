import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
/** A week: long enough not to annoy, short enough that a forgotten shared computer signs itself out. */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;
const COOKIE_NAME = 'slotlink_session';
const VALUE_SHAPE = /^([A-Za-z0-9-]{1,64})\.(\d{1,15})\.(\d{1,15})$/;
/**
 * The session is a signed cookie (Hono's HMAC-SHA256 signed cookies) holding the account id, the
 * account's session version and when it was issued; nothing is stored on the server. A password
 * reset bumps the version, which ends every session issued before it; the issue time bounds a
 * cookie's life even if the browser keeps it past Max-Age.
 *
 * HttpOnly so page scripts cannot read it; SameSite=Lax so other sites cannot post with it.
 */
export function sessionCookie(options) {
    const { secure } = options;
    // Hono wants an ArrayBuffer-backed view; the key is never shared memory.
    const secret = options.secret;
    const now = options.now ?? Date.now;
    const prefix = secure ? 'host' : undefined;
    const attributes = { httpOnly: true, sameSite: 'Lax', path: '/', secure, ...(prefix && { prefix }) };
    return {
        async read(c) {
            const value = await getSignedCookie(c, secret, COOKIE_NAME, prefix);
            const match = typeof value === 'string' ? VALUE_SHAPE.exec(value) : null;
            if (!match)
                return undefined;
            const issuedAt = Number(match[3]);
            const age = Math.floor(now() / 1000) - issuedAt;
            if (age < 0 || age > SESSION_MAX_AGE_SECONDS)
                return undefined;
            return { accountId: match[1], sessionVersion: Number(match[2]) };
        },
        async write(c, account) {
            const value = `${account.id}.${account.sessionVersion}.${Math.floor(now() / 1000)}`;
            await setSignedCookie(c, COOKIE_NAME, value, secret, { ...attributes, maxAge: SESSION_MAX_AGE_SECONDS });
        },
        clear(c) {
            deleteCookie(c, COOKIE_NAME, attributes);
        },
    };
}
/** Keeps the session key apart from the link-signing key it is derived from (HKDF, RFC 5869). */
const SESSION_KEY_INFO = 'slotlink demo session cookie v1';
/**
 * The cookie key, derived from the first SLOTLINK_KEYS secret so sessions survive a restart
 * without another setting, yet a leaked cookie key says nothing about the link key.
 */
export async function deriveSessionSecret(linkSecret) {
    const base = await crypto.subtle.importKey('raw', linkSecret, 'HKDF', false, ['deriveBits']);
    const bits = await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode(SESSION_KEY_INFO) }, base, 256);
    return new Uint8Array(bits);
}
