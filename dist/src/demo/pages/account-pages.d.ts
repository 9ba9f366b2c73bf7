export type FieldErrors = Partial<Record<'email' | 'password' | 'password_confirmation', string>>;
/** The start page for someone who is not signed in. */
export declare function WelcomePage(): import("hono/jsx/jsx-dev-runtime").JSX.Element;
/** The signed-in home page. */
export declare function HomePage({ email }: {
    email: string;
}): import("hono/jsx/jsx-dev-runtime").JSX.Element;
export declare function SignupPage({ errors, status }: {
    errors?: FieldErrors;
    status?: 'invalid';
}): import("hono/jsx/jsx-dev-runtime").JSX.Element;
/** What a notice in `/login?notice=…` may say; anything else in the query is ignored. */
export declare const LOGIN_NOTICES: {
    readonly password_changed: "Your password has been changed. Sign in with your new password.";
    readonly signed_out: "You have signed out.";
};
export type LoginNotice = keyof typeof LOGIN_NOTICES;
export interface LoginPageProps {
    notice?: LoginNotice;
    /** The address and password did not match an account (401). */
    failed?: boolean;
    errors?: FieldErrors;
    /** Too many attempts from this client (429): how long until the next is accepted. */
    retryAfterSeconds?: number;
}
export declare function LoginPage({ notice, failed, errors, retryAfterSeconds }: LoginPageProps): import("hono/jsx/jsx-dev-runtime").JSX.Element;
