import type { SentMail } from '../outbox.ts';
/**
 * The development outbox: every message the dev mailer kept, newest first, as plain text with its
 * links made clickable. The HTML bodies are in /dev/outbox.json; rendering them here would need
 * inline styles the page's CSP forbids.
 */
export declare function OutboxPage({ mail, signedIn }: {
    mail: readonly SentMail[];
    signedIn: boolean;
}): import("hono/jsx/jsx-dev-runtime").JSX.Element;
