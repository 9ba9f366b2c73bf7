import type { LinkService } from '../../core/link-service.ts';
import type { Logger } from '../../core/logger.ts';
import { type Demo } from '../create-demo.ts';
/** What the demo needs of the Node server's settings (the server's config satisfies it). */
export interface NodeDemoSettings {
    readonly databasePath: string;
    /** Undefined: mail goes to the dev outbox. */
    readonly smtpUrl: string | undefined;
    readonly mailFrom: string;
    readonly publicUrl: string;
    /** Dev-only pages (/dev/outbox) are served only when this is false. */
    readonly production: boolean;
    /** The link signing keys; session keys are derived from the first. Undefined: random per boot. */
    readonly keys: readonly {
        readonly secret: Uint8Array;
    }[] | undefined;
}
export interface NodeDemo extends Demo {
    /** Waits for mail still being sent, then closes the mail transport and the database. */
    close(): Promise<void>;
}
/**
 * The demo app on Node's parts: accounts in the SQLite file at DATABASE_PATH, scrypt, SMTP when
 * SMTP_URL is set and the dev outbox otherwise (served at /dev/outbox outside production).
 */
export declare function createNodeDemo(config: NodeDemoSettings, { links, logger }: {
    links: LinkService;
    logger: Logger;
}): Promise<NodeDemo>;
