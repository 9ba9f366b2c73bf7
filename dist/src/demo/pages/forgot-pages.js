import { jsxs as _jsxs, jsx as _jsx } from "hono/jsx/jsx-runtime";
import { Layout } from "../../core/pages/layout.js";
import { MAX_EMAIL_LENGTH } from "../email-address.js";
import { AccountNav } from "./account-nav.js";
import { describeWait, ErrorSummary } from "./notices.js";
import { Field } from "./form-field.js";
export function ForgotPage({ signedIn, error, retryAfterSeconds }) {
    return (_jsxs(Layout, { title: "Forgot your password?", nav: _jsx(AccountNav, { signedIn: signedIn }), children: [retryAfterSeconds !== undefined && (_jsxs("p", { class: "notice bad", role: "alert", children: ["Too many reset requests. Please wait ", describeWait(retryAfterSeconds), " and try again. If a reset mail already reached you, its link still works."] })), error && _jsx(ErrorSummary, {}), _jsx("p", { children: "Enter the address you signed up with and we will mail you a link to choose a new password." }), _jsxs("form", { method: "post", action: "/forgot", novalidate: true, children: [_jsx(Field, { name: "email", label: "Email address", type: "email", autocomplete: "email", error: error, maxLength: MAX_EMAIL_LENGTH }), _jsx("button", { type: "submit", children: "Send me a reset link" })] }), _jsxs("p", { children: ["Remembered it? ", _jsx("a", { href: "/login", children: "Sign in" }), "."] })] }));
}
/**
 * The answer to every accepted reset request. It reads the same whether or not an account uses the
 * address, so the page cannot be used to find out who has an account.
 */
export function CheckEmailPage({ signedIn, ttlMinutes, outbox }) {
    return (_jsxs(Layout, { title: "Check your email", nav: _jsx(AccountNav, { signedIn: signedIn }), children: [_jsx("p", { class: "notice ok", role: "status", children: "If an account uses that address, we have sent it a link to choose a new password." }), _jsxs("p", { children: ["The link works once and expires in ", ttlMinutes, " minutes. If nothing arrives in a few minutes, check your spam folder or", ' ', _jsx("a", { href: "/forgot", children: "ask for another link" }), "."] }), outbox && (_jsxs("p", { class: "hint", children: ["This server runs without a mail server: messages are kept in the ", _jsx("a", { href: "/dev/outbox", children: "development outbox" }), "."] }))] }));
}
