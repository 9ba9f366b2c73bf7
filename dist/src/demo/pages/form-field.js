import { jsx as _jsx, jsxs as _jsxs } from "hono/jsx/jsx-runtime";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../password-policy.js";
/**
 * One labelled input with its hint and error tied to it by `aria-describedby`, so a screen reader
 * reads "New password, invalid entry, Use at least 12 characters". Values are never filled back
 * in: the form only ever holds what the person types, never an address or password we echo.
 */
export function Field({ name, label, type, autocomplete, error, hint, minLength, maxLength }) {
    const id = `field-${name}`;
    const hintId = hint ? `${id}-hint` : undefined;
    const errorId = error ? `${id}-error` : undefined;
    const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
    return (_jsxs("div", { class: "field", children: [_jsx("label", { for: id, children: label }), error && (_jsx("p", { id: errorId, class: "error", children: error })), _jsx("input", { id: id, name: name, type: type, autocomplete: autocomplete, required: true, minlength: minLength, maxlength: maxLength, "aria-invalid": error ? 'true' : undefined, "aria-describedby": describedBy }), hint && (_jsx("p", { id: hintId, class: "hint", children: hint }))] }));
}
/** The field for choosing a password, with the policy as its hint: sign-up and reset ask alike. */
export function NewPasswordField({ label, error }) {
    return (_jsx(Field, { name: "password", label: label, type: "password", autocomplete: "new-password", error: error, hint: `At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.`, minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH }));
}
