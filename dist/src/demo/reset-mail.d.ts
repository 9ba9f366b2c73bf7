import type { Mail } from './mailer.ts';
export declare const RESET_MAIL_SUBJECT = "Reset your slotlink password";
export interface ResetMailInput {
    to: string;
    url: string;
    expiresAt: Date;
    ttlMinutes: number;
}
/**
 * The reset mail, as plain text and HTML. The link is the only thing to click; the mail says when
 * it expires, that it works once, and what to do if you did not ask for it.
 */
export declare function resetMail({ to, url, expiresAt, ttlMinutes }: ResetMailInput): Promise<Mail>;
