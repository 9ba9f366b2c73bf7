import { Hono, type Context } from 'hono';
import type { LinkFailure, LinkService, OpenLink } from '../link-service.ts';
/**
 * How the pages under /l/ treat links of one purpose. GET and HEAD only ever call `show`, which
 * must not consume: mail scanners open links before people do. Only `submit` (a same-origin form
 * POST) may consume, and it decides when: e.g. only once a new password is valid.
 */
export interface LinkView {
    show(c: Context, link: OpenLink, token: string): Response | Promise<Response>;
    submit(c: Context, link: OpenLink, token: string, form: FormData): Response | Promise<Response>;
    /** Where a person can ask for a fresh link of this purpose, offered on the expired/used page. */
    renewPath?: string;
}
export interface LinkPagesOptions {
    links: LinkService;
    /** Views by purpose; any other purpose gets `confirmView`. */
    views?: Record<string, LinkView>;
    /** The only origin allowed to post the forms. */
    publicOrigin: string;
}
/** Headers on every page under /l/: the URL is a secret, so nothing may keep or pass it on. */
export declare const LINK_PAGE_HEADERS: {
    readonly 'Cache-Control': "no-store";
    readonly 'Referrer-Policy': "no-referrer";
    readonly 'X-Robots-Tag': "noindex";
};
export declare function linkPages(options: LinkPagesOptions): Hono;
/** The default view: a page with one button, and the POST that consumes the link. */
export declare function confirmView(links: LinkService): LinkView;
/** The page for a link that cannot be used, with what happened and what to do next. */
export declare function linkProblem(c: Context, reason: LinkFailure, renewPath?: string): Response | Promise<Response>;
export declare function formatTime(date: Date): string;
