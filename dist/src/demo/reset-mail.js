import { jsx as _jsx, jsxs as _jsxs } from "hono/jsx/jsx-runtime";
import { formatTime } from "../core/app/link-pages.js";
export const RESET_MAIL_SUBJECT = 'Reset your slotlink password';
/**
 * The reset mail, as plain text and HTML. The link is the only thing to click; the mail says when
 * it expires, that it works once, and what to do if you did not ask for it.
 */
export async function resetMail({ to, url, expiresAt, ttlMinutes }) {
    const expiry = `${ttlMinutes} minutes (at ${formatTime(expiresAt)})`;
    const text = [
        'Hello,',
        '',
        'Someone asked to reset the password of the slotlink account for this address. To choose a new password, open this link:',
        '',
        url,
        '',
        `The link works once and expires in ${expiry}.`,
        '',
        'If you did not ask for this, ignore this mail: your password stays as it is.',
    ].join('\n');
    const html = '<!doctype html>' + (await (_jsx(ResetMailHtml, { url: url, expiry: expiry })).toString());
    return { to, subject: RESET_MAIL_SUBJECT, text, html };
}
/** Inline styles and a table-free layout: mail clients ignore stylesheets. */
function ResetMailHtml({ url, expiry }) {
    return (_jsxs("html", { lang: "en", children: [_jsxs("head", { children: [_jsx("meta", { charset: "utf-8" }), _jsx("meta", { name: "viewport", content: "width=device-width, initial-scale=1" }), _jsx("title", { children: RESET_MAIL_SUBJECT })] }), _jsxs("body", { style: "margin:0;padding:24px;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#111827;background:#ffffff", children: [_jsx("p", { children: "Hello," }), _jsx("p", { children: "Someone asked to reset the password of the slotlink account for this address." }), _jsx("p", { style: "margin:24px 0", children: _jsx("a", { href: url, style: "display:inline-block;padding:12px 18px;border-radius:6px;background:#1d4ed8;color:#ffffff;font-weight:600;text-decoration:none", children: "Choose a new password" }) }), _jsxs("p", { children: ["The link works once and expires in ", expiry, "."] }), _jsxs("p", { style: "color:#4b5563;font-size:14px", children: ["If the button does not work, copy this address into your browser: ", url] }), _jsx("p", { style: "color:#4b5563;font-size:14px", children: "If you did not ask for this, ignore this mail: your password stays as it is." })] })] }));
}
