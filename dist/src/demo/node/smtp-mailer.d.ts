import { type Logger } from '../../core/logger.ts';
import type { Mail, Mailer } from '../mailer.ts';
export interface SmtpMailerOptions {
    /** `smtp://user:pass@host:port` or `smtps://…`, as in SMTP_URL. */
    readonly url: string;
    /** The From header, as in MAIL_FROM. */
    readonly from: string;
    readonly logger?: Logger;
}
/**
 * The Node mailer when SMTP_URL is set: nodemailer over SMTP. It logs one line per message with
 * the server's message id and neither the recipient nor the body (which holds a live link).
 *
 * @example
 * const mailer = new SmtpMailer({ url: 'smtp://127.0.0.1:2525', from: 'slotlink <no-reply@example.com>' })
 * await mailer.send({ to, subject, text, html })
 */
export declare class SmtpMailer implements Mailer {
    #private;
    constructor(options: SmtpMailerOptions);
    send(mail: Mail): Promise<void>;
    close(): void;
}
