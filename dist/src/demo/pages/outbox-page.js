import { jsx as _jsx, jsxs as _jsxs } from "hono/jsx/jsx-runtime";
import { Layout } from "../../core/pages/layout.js";
import { AccountNav } from "./account-nav.js";
const URL_IN_TEXT = /(https?:\/\/[^\s<>"]+)/;
/**
 * The development outbox: every message the dev mailer kept, newest first, as plain text with its
 * links made clickable. The HTML bodies are in /dev/outbox.json; rendering them here would need
 * inline styles the page's CSP forbids.
 */
export function OutboxPage({ mail, signedIn }) {
    return (_jsxs(Layout, { title: "Development outbox", nav: _jsx(AccountNav, { signedIn: signedIn }), children: [_jsxs("p", { class: "lead", children: ["Mail this server would have sent, newest first. Only served outside production; set ", _jsx("code", { children: "SMTP_URL" }), " to send real mail. As JSON: ", _jsx("a", { href: "/dev/outbox.json", children: "/dev/outbox.json" }), "."] }), mail.length === 0 && _jsxs("p", { children: ["No mail yet. Ask for a reset link at ", _jsx("a", { href: "/forgot", children: "/forgot" }), " and reload this page."] }), mail.map((message, i) => (_jsxs("article", { class: "mail", "aria-labelledby": `mail-${i}`, children: [_jsx("h2", { id: `mail-${i}`, children: message.subject }), _jsxs("dl", { class: "meta", children: [_jsx("dt", { children: "To" }), _jsx("dd", { children: message.to }), _jsx("dt", { children: "Sent" }), _jsx("dd", { children: _jsx("time", { datetime: message.sentAt.toISOString(), children: message.sentAt.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') }) })] }), _jsx("pre", { children: linkify(message.text) })] })))] }));
}
function linkify(text) {
    // split() with a capturing group puts every URL at an odd index.
    return text.split(URL_IN_TEXT).map((part, i) => (i % 2 === 1 ? _jsx("a", { href: part, children: part }) : part));
}
