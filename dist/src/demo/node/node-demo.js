import { getConnInfo } from '@hono/node-server/conninfo';
import { randomBytes } from 'node:crypto';
import { createDemo } from "../create-demo.js";
import { Outbox } from "../outbox.js";
import { deriveSessionSecret } from "../session-cookie.js";
import { ScryptPasswordHasher } from "./scrypt-password-hasher.js";
import { SmtpMailer } from "./smtp-mailer.js";
import { SqliteAccountStore } from "./sqlite-account-store.js";
/**
 * The demo app on Node's parts: accounts in the SQLite file at DATABASE_PATH, scrypt, SMTP when
 * SMTP_URL is set and the dev outbox otherwise (served at /dev/outbox outside production).
 */
export async function createNodeDemo(config, { links, logger }) {
    const accounts = SqliteAccountStore.open(config.databasePath);
    const smtp = config.smtpUrl ? new SmtpMailer({ url: config.smtpUrl, from: config.mailFrom, logger }) : undefined;
    const outbox = smtp ? undefined : new Outbox({ logger });
    if (outbox && config.production) {
        logger.warn({ event: 'no_mail_server' }, 'SMTP_URL is not set: reset mail is not delivered, and /dev/outbox is off in production');
    }
    const firstKey = config.keys?.[0];
    // Without SLOTLINK_KEYS the links die with the process anyway; sessions may as well.
    const sessionSecret = firstKey ? await deriveSessionSecret(firstKey.secret) : new Uint8Array(randomBytes(32));
    const demo = createDemo({
        links,
        accounts,
        passwords: new ScryptPasswordHasher(),
        mailer: smtp ?? outbox,
        outbox: config.production ? undefined : outbox,
        publicUrl: config.publicUrl,
        sessionSecret,
        clientAddress: (c) => getConnInfo(c).remote.address,
        logger,
    });
    return {
        ...demo,
        async close() {
            await demo.settled();
            smtp?.close();
            accounts.close();
        },
    };
}
