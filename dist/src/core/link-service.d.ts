import type { Keyring } from './keyring.ts';
import type { LinkCrypto } from './link-crypto.ts';
import { IssueInput } from './schemas.ts';
import type { JsonObject, SlotStore } from './slot-store.ts';
/** Why a link cannot be used. `invalid` is one answer for every kind of bad token on purpose. */
export type LinkFailure = 'invalid' | 'expired' | 'used' | 'capacity';
/** An open link as its owner sees it. */
export interface OpenLink {
    readonly purpose: string;
    readonly subject: string;
    readonly data: JsonObject | null;
    readonly expiresAt: Date;
}
export type LinkResult = {
    readonly ok: true;
    readonly link: OpenLink;
}
/** `purpose` is given where the token was authentic (expired, used), so a page can offer a new link. */
 | {
    readonly ok: false;
    readonly reason: LinkFailure;
    readonly purpose?: string;
};
export type IssueResult = {
    readonly ok: true;
    readonly token: string;
    readonly expiresAt: Date;
} | {
    readonly ok: false;
    readonly reason: 'capacity';
};
/** Counts what happens to links; the metrics module implements it. */
export interface LinkObserver {
    outcome(operation: 'issue' | 'peek' | 'consume' | 'revoke', result: 'ok' | LinkFailure): void;
}
export interface LinkServiceOptions {
    readonly keyring: Keyring;
    readonly slots: SlotStore;
    /** Milliseconds since the epoch; injected so tests can be exact. */
    readonly now?: () => number;
    /** A CSPRNG; injected so tests can be deterministic. */
    readonly randomBytes?: (length: number) => Uint8Array;
    readonly observer?: LinkObserver;
}
export interface LinkService {
    /** Mints a link: opens a slot holding a hash of a fresh code, and signs a token naming it. */
    issue(input: IssueInput): Promise<IssueResult>;
    /** Reads an open link without using it up. */
    peek(token: string, options?: {
        purpose?: string;
    }): Promise<LinkResult>;
    /** Uses a link up. Of any number of concurrent calls with one token, exactly one succeeds. */
    consume(token: string, options?: {
        purpose?: string;
    }): Promise<LinkResult>;
    /** Closes one link without using it. */
    revoke(token: string): Promise<LinkResult>;
    /** Closes every open link of a subject (of one purpose, if given); returns how many. */
    revokeSubject(subject: string, purpose?: string): Promise<number>;
    readonly slots: SlotStore;
}
/**
 * The link policy, runtime-agnostic: tokens are checked by arithmetic first (format, key, tag,
 * expiry, purpose) and only a token that passes all of that reaches its slot.
 *
 * @example
 * const links = createLinkService({ keyring: await Keyring.random(), slots })
 * const issued = await links.issue({ purpose: 'reset_password', subject: 'user-42' })
 * if (issued.ok) await links.consume(issued.token) // { ok: true, link: { subject: 'user-42', ... } }
 */
export declare function createLinkService(options: LinkServiceOptions): LinkService;
/** The slot keeps only this, so a dump of slot memory or a snapshot cannot be turned into links. */
export declare function hashCode(linkCrypto: LinkCrypto, code: Uint8Array): Promise<Uint8Array>;
