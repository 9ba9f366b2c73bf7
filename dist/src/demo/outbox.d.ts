import { type Logger } from '../core/logger.ts';
import type { Mail, Mailer } from './mailer.ts';
/** A message as the dev outbox keeps it. */
export interface SentMail extends Mail {
    readonly sentAt: Date;
}
export interface OutboxOptions {
    readonly logger?: Logger;
    /** Messages kept, newest first; older ones fall off so a long-running dev server stays small. */
    readonly capacity?: number;
    readonly now?: () => number;
}
/**
 * The development mailer: keeps messages in memory for the `/dev/outbox` pages and writes one log
 * line per message. The line names neither the recipient nor anything from the body, because the
 * body holds a live link and logs travel further than mailboxes.
 *
 * @example
 * const outbox = new Outbox({ logger })
 * await outbox.send({ to: 'ada@example.com', subject: 'Hello', text: 'Hi', html: '<p>Hi</p>' })
 * outbox.list()[0].subject // 'Hello'
 */
export declare class Outbox implements Mailer {
    #private;
    constructor(options?: OutboxOptions);
    send(mail: Mail): Promise<void>;
    /** Newest first. */
    list(): readonly SentMail[];
}
