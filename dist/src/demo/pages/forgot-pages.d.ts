export interface ForgotPageProps {
    signedIn: boolean;
    error?: string;
    /** Set on 429: how long until another request is accepted. */
    retryAfterSeconds?: number;
}
export declare function ForgotPage({ signedIn, error, retryAfterSeconds }: ForgotPageProps): import("hono/jsx/jsx-dev-runtime").JSX.Element;
export interface CheckEmailPageProps {
    signedIn: boolean;
    ttlMinutes: number;
    /** Offer the dev outbox (only where it is served, i.e. outside production). */
    outbox: boolean;
}
/**
 * The answer to every accepted reset request. It reads the same whether or not an account uses the
 * address, so the page cannot be used to find out who has an account.
 */
export declare function CheckEmailPage({ signedIn, ttlMinutes, outbox }: CheckEmailPageProps): import("hono/jsx/jsx-dev-runtime").JSX.Element;
