import type { Keyring } from './keyring.ts';
/**
 * Link token, version 1. All fields are bound by one HMAC-SHA256 tag over everything before it:
 *
 *   version(1) | kidLen(1) kid | purposeLen(1) purpose | expiresAt(u32 BE, unix s)
 *   | handleLen(1) handle | code(16) | tag(32)
 *
 * The purpose and expiry are in the token, under the tag, so a forged, stale or misdirected
 * link is refused by arithmetic alone: no slot (no state, no worker, no Durable Object) is asked.
 * The subject and data are not: they live in the slot, so a leaked link reveals nothing about whom
 * it is for.
 */
export declare const TOKEN_VERSION = 1;
/** What a verified token says. */
export interface LinkClaims {
    readonly keyId: string;
    readonly purpose: string;
    /** Unix seconds. */
    readonly expiresAt: number;
    /** The serialized slot handle: which slot holds this link. Opaque to the codec. */
    readonly handle: Uint8Array;
    /** The secret the slot checks (by hash). Never logged, never stored. */
    readonly code: Uint8Array;
}
export type VerifyResult = {
    readonly ok: true;
    readonly claims: LinkClaims;
} | {
    readonly ok: false;
    readonly reason: 'invalid';
}
/** The tag was good, so the purpose can be trusted: a page can offer a new link of that kind. */
 | {
    readonly ok: false;
    readonly reason: 'expired';
    readonly purpose: string;
};
/** Serializes and signs claims with the keyring's signing key. */
export declare function signToken(keyring: Keyring, claims: Omit<LinkClaims, 'keyId'>): Promise<string>;
/**
 * Verifies a token: parse, find the key by id, compare tags in constant time, then check expiry.
 * Never throws on input: any malformed string is `invalid`. `expired` is only ever said of a
 * token whose tag is good, so it leaks nothing about forgeries.
 *
 * Until the tag checks out the token is only read, never copied: a forgery (the one request an
 * attacker can send at will) costs a decode, a key lookup by the id's bytes and one HMAC, and no
 * strings or claims are built for it.
 *
 * @param nowMs the current time in milliseconds (injected so tests can be exact)
 */
export declare function verifyToken(keyring: Keyring, token: string, nowMs: number): Promise<VerifyResult>;
