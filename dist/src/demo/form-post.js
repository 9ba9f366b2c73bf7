import { jsx as _jsx } from "hono/jsx/jsx-runtime";
import { bodyLimit } from 'hono/body-limit';
import { every } from 'hono/combine';
import { csrf } from 'hono/csrf';
import { Layout } from "../core/pages/layout.js";
/** A sign-up or reset form is a few hundred bytes; 16 KiB leaves room for a 1024-character password many times over. */
export const MAX_FORM_BYTES = 16 * 1024;
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;
/**
 * What every form POST of the demo passes before its handler: same-origin only (hono/csrf checks
 * Origin and Sec-Fetch-Site, as the link pages do), a form content type, and a small body.
 */
export function formPost(publicOrigin) {
    const sameOrigin = csrf({ origin: publicOrigin });
    const limit = bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.html(_jsx(Layout, { title: "Too much text", children: _jsx("p", { children: "That form was larger than this site accepts. Please go back and try again." }) }), 413) });
    const formOnly = async function formOnly(c, next) {
        if (!FORM_TYPE.test(c.req.header('content-type') ?? ''))
            return c.html(_jsx(Layout, { title: "Unsupported request", children: _jsx("p", { children: "Please use the form on this page." }) }), 415);
        await next();
    };
    return every(sameOrigin, formOnly, limit);
}
/** A form field as text; a missing field or an uploaded file reads as empty. */
export function field(form, name) {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
}
