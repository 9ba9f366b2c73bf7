import { jsx as _jsx, jsxs as _jsxs } from "hono/jsx/jsx-runtime";
import { formatTime } from "../../core/app/link-pages.js";
import { Layout } from "../../core/pages/layout.js";
import { MAX_PASSWORD_LENGTH } from "../password-policy.js";
import { ErrorSummary } from "./notices.js";
import { Field, NewPasswordField } from "./form-field.js";
/** The form behind a reset link. Showing it uses nothing up; only a valid POST does. */
export function ResetPage({ action, expiresAt, errors = {} }) {
    const invalid = Object.keys(errors).length > 0;
    return (_jsxs(Layout, { title: "Choose a new password", children: [invalid && _jsx(ErrorSummary, {}), _jsxs("p", { children: ["This link works once and expires at ", formatTime(expiresAt), ". Setting a new password signs you out everywhere else."] }), _jsxs("form", { method: "post", action: action, novalidate: true, children: [_jsx(NewPasswordField, { label: "New password", error: errors.password }), _jsx(Field, { name: "password_confirmation", label: "New password, again", type: "password", autocomplete: "new-password", error: errors.password_confirmation, maxLength: MAX_PASSWORD_LENGTH }), _jsx("button", { type: "submit", children: "Set new password" })] })] }));
}
