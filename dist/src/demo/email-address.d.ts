/** RFC 5321's limit on a forward path; anything longer cannot be delivered to. */
export declare const MAX_EMAIL_LENGTH = 254;
export type EmailResult = {
    readonly ok: true;
    readonly email: string;
} | {
    readonly ok: false;
    readonly message: string;
};
/**
 * The one spelling an address is stored, looked up and rate-limited under: trimmed, Unicode NFC,
 * lower case. Lower-casing the local part is not what RFC 5321 says, but it is what people expect:
 * `Ada@Example.com` and `ada@example.com` are one account.
 *
 * @example
 * parseEmail('  Ada@Example.COM ') // { ok: true, email: 'ada@example.com' }
 */
export declare function parseEmail(input: unknown): EmailResult;
