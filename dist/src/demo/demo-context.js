import { DEFAULT_TTL_SECONDS } from "../core/limits.js";
import { silentLogger } from "../core/logger.js";
import { BackgroundWork } from "./background-work.js";
import { MemoryRateLimiter } from "./memory-rate-limiter.js";
import { sessionCookie } from "./session-cookie.js";
/** The purpose reset links are minted with; the link pages pick the reset view by it. */
export const RESET_PURPOSE = 'reset_password';
const FIFTEEN_MINUTES = 15 * 60;
export function demoContext(options) {
    const logger = options.logger ?? silentLogger;
    const publicUrl = options.publicUrl.replace(/\/+$/, '');
    const session = sessionCookie({ secret: options.sessionSecret, secure: publicUrl.startsWith('https:'), now: options.now });
    const { accounts } = options;
    return {
        links: options.links,
        accounts,
        passwords: options.passwords,
        mailer: options.mailer,
        outbox: options.outbox,
        publicUrl,
        publicOrigin: new URL(publicUrl).origin,
        session,
        clientAddress: options.clientAddress,
        limits: {
            forgotPerAddress: options.limits?.forgotPerAddress ?? new MemoryRateLimiter({ limit: 5, windowSeconds: FIFTEEN_MINUTES }),
            forgotPerClient: options.limits?.forgotPerClient ?? new MemoryRateLimiter({ limit: 20, windowSeconds: FIFTEEN_MINUTES }),
            loginPerClient: options.limits?.loginPerClient ?? new MemoryRateLimiter({ limit: 30, windowSeconds: FIFTEEN_MINUTES }),
        },
        resetLinkTtlSeconds: options.resetLinkTtlSeconds ?? DEFAULT_TTL_SECONDS,
        logger,
        background: new BackgroundWork(logger),
        async currentAccount(c) {
            const claim = await session.read(c);
            if (!claim)
                return undefined;
            const account = await accounts.getById(claim.accountId);
            return account && account.sessionVersion === claim.sessionVersion ? account : undefined;
        },
    };
}
/** A rate-limit key for an email address: its SHA-256, so limiter memory and storage hold no addresses. */
export async function addressKey(email) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(email)));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
