export interface FieldProps {
    name: string;
    label: string;
    type: 'email' | 'password';
    autocomplete: 'email' | 'username' | 'current-password' | 'new-password';
    /** Shown under the input, in red, and announced with it (aria-describedby). */
    error?: string;
    hint?: string;
    minLength?: number;
    maxLength?: number;
}
/**
 * One labelled input with its hint and error tied to it by `aria-describedby`, so a screen reader
 * reads "New password, invalid entry, Use at least 12 characters". Values are never filled back
 * in: the form only ever holds what the person types, never an address or password we echo.
 */
export declare function Field({ name, label, type, autocomplete, error, hint, minLength, maxLength }: FieldProps): import("hono/jsx/jsx-dev-runtime").JSX.Element;
/** The field for choosing a password, with the policy as its hint: sign-up and reset ask alike. */
export declare function NewPasswordField({ label, error }: {
    label: string;
    error?: string;
}): import("hono/jsx/jsx-dev-runtime").JSX.Element;
