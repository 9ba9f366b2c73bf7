import { jsx as _jsx, jsxs as _jsxs } from "hono/jsx/jsx-runtime";
import { Layout } from "../../core/pages/layout.js";
import { MAX_EMAIL_LENGTH } from "../email-address.js";
import { MAX_PASSWORD_LENGTH } from "../password-policy.js";
import { AccountNav } from "./account-nav.js";
import { Field, NewPasswordField } from "./form-field.js";
import { describeWait, ErrorSummary } from "./notices.js";
/** The start page for someone who is not signed in. */
export function WelcomePage() {
    return (_jsxs(Layout, { title: "Welcome", nav: _jsx(AccountNav, { signedIn: false }), children: [_jsx("p", { class: "lead", children: "A small app that shows slotlink at work: it sends one-time links to reset a forgotten password." }), _jsxs("p", { class: "actions", children: [_jsx("a", { class: "button", href: "/signup", children: "Create an account" }), _jsx("a", { href: "/login", children: "Sign in" })] }), _jsxs("p", { children: ["Developers: the link API is described at ", _jsx("a", { href: "/docs", children: "/docs" }), "."] })] }));
}
/** The signed-in home page. */
export function HomePage({ email }) {
    return (_jsxs(Layout, { title: "You are signed in", nav: _jsx(AccountNav, { signedIn: true }), children: [_jsxs("p", { children: ["Signed in as ", _jsx("strong", { children: email }), "."] }), _jsx("p", { class: "hint", children: "Resetting your password signs you out everywhere you are signed in." })] }));
}
export function SignupPage({ errors = {}, status }) {
    return (_jsxs(Layout, { title: "Create an account", nav: _jsx(AccountNav, { signedIn: false }), children: [status === 'invalid' && _jsx(ErrorSummary, {}), _jsxs("form", { method: "post", action: "/signup", novalidate: true, children: [_jsx(Field, { name: "email", label: "Email address", type: "email", autocomplete: "email", error: errors.email, maxLength: MAX_EMAIL_LENGTH }), _jsx(NewPasswordField, { label: "Password", error: errors.password }), _jsx("button", { type: "submit", children: "Create account" })] }), _jsxs("p", { children: ["Already have an account? ", _jsx("a", { href: "/login", children: "Sign in" }), "."] })] }));
}
/** What a notice in `/login?notice=…` may say; anything else in the query is ignored. */
export const LOGIN_NOTICES = {
    password_changed: 'Your password has been changed. Sign in with your new password.',
    signed_out: 'You have signed out.',
};
export function LoginPage({ notice, failed, errors = {}, retryAfterSeconds }) {
    return (_jsxs(Layout, { title: "Sign in", nav: _jsx(AccountNav, { signedIn: false }), children: [notice && (_jsx("p", { class: "notice ok", role: "status", children: LOGIN_NOTICES[notice] })), failed && (_jsxs("p", { class: "notice bad", role: "alert", children: ["That email address and password do not match an account. Check both, or ", _jsx("a", { href: "/forgot", children: "reset your password" }), "."] })), retryAfterSeconds !== undefined && (_jsxs("p", { class: "notice bad", role: "alert", children: ["Too many sign-in attempts. Please wait ", describeWait(retryAfterSeconds), " and try again."] })), Object.values(errors).some(Boolean) && _jsx(ErrorSummary, {}), _jsxs("form", { method: "post", action: "/login", novalidate: true, children: [_jsx(Field, { name: "email", label: "Email address", type: "email", autocomplete: "username", error: errors.email, maxLength: MAX_EMAIL_LENGTH }), _jsx(Field, { name: "password", label: "Password", type: "password", autocomplete: "current-password", error: errors.password, maxLength: MAX_PASSWORD_LENGTH }), _jsx("button", { type: "submit", children: "Sign in" })] }), _jsxs("p", { children: [_jsx("a", { href: "/forgot", children: "Forgot your password?" }), " \u00B7 ", _jsx("a", { href: "/signup", children: "Create an account" })] })] }));
}
