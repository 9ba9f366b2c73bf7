import type { Context } from 'hono';
import type { LinkService } from '../core/link-service.ts';
import { type Logger } from '../core/logger.ts';
import type { Account, AccountStore } from './account-store.ts';
import { BackgroundWork } from './background-work.ts';
import type { DemoOptions } from './demo-options.ts';
import type { Mailer } from './mailer.ts';
import type { SentMail } from './outbox.ts';
import type { PasswordHasher } from './password-hasher.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { type SessionCookie } from './session-cookie.ts';
/** The purpose reset links are minted with; the link pages pick the reset view by it. */
export declare const RESET_PURPOSE = "reset_password";
/** DemoOptions with every default filled in, shared by the route modules. */
export interface DemoContext {
    readonly links: LinkService;
    readonly accounts: AccountStore;
    readonly passwords: PasswordHasher;
    readonly mailer: Mailer;
    readonly outbox: {
        list(): readonly SentMail[];
    } | undefined;
    readonly publicUrl: string;
    readonly publicOrigin: string;
    readonly session: SessionCookie;
    readonly clientAddress: (c: Context) => string | undefined;
    readonly limits: {
        readonly forgotPerAddress: RateLimiter;
        readonly forgotPerClient: RateLimiter;
        readonly loginPerClient: RateLimiter;
    };
    readonly resetLinkTtlSeconds: number;
    readonly logger: Logger;
    readonly background: BackgroundWork;
    /** The signed-in account, if the cookie is valid and its session version is still current. */
    currentAccount(c: Context): Promise<Account | undefined>;
}
export declare function demoContext(options: DemoOptions): DemoContext;
/** A rate-limit key for an email address: its SHA-256, so limiter memory and storage hold no addresses. */
export declare function addressKey(email: string): Promise<string>;
