import { silentLogger } from "../core/logger.js";
const DEFAULT_CAPACITY = 100;
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
export class Outbox {
    #logger;
    #capacity;
    #now;
    #mail = [];
    #count = 0;
    constructor(options = {}) {
        this.#logger = options.logger ?? silentLogger;
        this.#capacity = options.capacity ?? DEFAULT_CAPACITY;
        this.#now = options.now ?? Date.now;
    }
    async send(mail) {
        const { to, subject, text, html } = mail;
        this.#mail.unshift({ to, subject, text, html, sentAt: new Date(this.#now()) });
        if (this.#mail.length > this.#capacity)
            this.#mail.length = this.#capacity;
        this.#count++;
        this.#logger.info({ event: 'mail_sent', mailer: 'outbox', mail: this.#count, subject }, 'mail kept in the dev outbox: read it at /dev/outbox');
    }
    /** Newest first. */
    list() {
        return this.#mail;
    }
}
