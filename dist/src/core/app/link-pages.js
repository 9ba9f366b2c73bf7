import { jsx as _jsx, jsxs as _jsxs } from "hono/jsx/jsx-runtime";
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { CAPACITY_RETRY_AFTER_SECONDS } from "../errors.js";
import { MAX_BODY_BYTES } from "../limits.js";
import { Layout } from "../pages/layout.js";
/** Headers on every page under /l/: the URL is a secret, so nothing may keep or pass it on. */
export const LINK_PAGE_HEADERS = {
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Robots-Tag': 'noindex',
};
export function linkPages(options) {
    const { links, publicOrigin } = options;
    const views = options.views ?? {};
    const fallback = confirmView(links);
    const viewFor = (purpose) => views[purpose] ?? fallback;
    const app = new Hono();
    app.use('*', async (c, next) => {
        await next();
        for (const [name, value] of Object.entries(LINK_PAGE_HEADERS))
            c.header(name, value);
    });
    // Same-origin forms only: an Origin or Sec-Fetch-Site from anywhere else is refused with 403.
    app.use('*', csrf({ origin: publicOrigin }));
    app.use('*', bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: (c) => c.html(_jsx(Layout, { title: "Request too large", children: _jsx("p", { children: "Please use the form on this page." }) }), 413),
    }));
    app.get('/:token', async (c) => {
        const token = c.req.param('token');
        const peeked = await links.peek(token);
        if (!peeked.ok)
            return linkProblem(c, peeked.reason, peeked.purpose ? views[peeked.purpose]?.renewPath : undefined);
        return viewFor(peeked.link.purpose).show(c, peeked.link, token);
    });
    app.post('/:token', async (c) => {
        const token = c.req.param('token');
        const type = c.req.header('content-type') ?? '';
        if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
            return c.html(_jsx(Layout, { title: "Unsupported request", children: _jsx("p", { children: "Please use the form on this page." }) }), 415);
        }
        const peeked = await links.peek(token);
        if (!peeked.ok)
            return linkProblem(c, peeked.reason, peeked.purpose ? views[peeked.purpose]?.renewPath : undefined);
        let form;
        try {
            form = await c.req.formData();
        }
        catch {
            return c.html(_jsx(Layout, { title: "Unsupported request", children: _jsx("p", { children: "Please use the form on this page." }) }), 400);
        }
        return viewFor(peeked.link.purpose).submit(c, peeked.link, token, form);
    });
    return app;
}
/** The default view: a page with one button, and the POST that consumes the link. */
export function confirmView(links) {
    return {
        show: (c, link, token) => c.html(_jsxs(Layout, { title: "Confirm", children: [_jsxs("p", { children: ["This link is ready to use. It works once, and expires at ", formatTime(link.expiresAt), "."] }), _jsx("form", { method: "post", action: `/l/${token}`, children: _jsx("button", { type: "submit", children: "Confirm" }) })] })),
        submit: async (c, link, token) => {
            const consumed = await links.consume(token, { purpose: link.purpose });
            if (!consumed.ok)
                return linkProblem(c, consumed.reason);
            return c.html(_jsx(Layout, { title: "Done", children: _jsx("p", { class: "notice ok", role: "status", children: "Your link worked. You can close this page." }) }));
        },
    };
}
const PROBLEMS = {
    invalid: {
        status: 404,
        title: 'This link is not valid',
        text: 'The address may have been cut off or changed. Check that you copied the whole link from the message, or ask for a new one.',
    },
    expired: {
        status: 410,
        title: 'This link has expired',
        text: 'Links like this one only work for a short time, to keep your account safe.',
    },
    used: {
        status: 410,
        title: 'This link has already been used',
        text: 'Each link works only once, and this one has been used or cancelled.',
    },
    capacity: {
        status: 503,
        title: 'Please try again in a moment',
        text: 'We are very busy right now. Your link is still good: reload this page in a few seconds.',
    },
};
/** The page for a link that cannot be used, with what happened and what to do next. */
export function linkProblem(c, reason, renewPath) {
    const problem = PROBLEMS[reason];
    if (reason === 'capacity')
        c.header('Retry-After', String(CAPACITY_RETRY_AFTER_SECONDS));
    return c.html(_jsxs(Layout, { title: problem.title, children: [_jsx("p", { children: problem.text }), reason !== 'capacity' &&
                (renewPath ? (_jsx("p", { children: _jsx("a", { class: "button", href: renewPath, children: "Send me a new link" }) })) : (_jsx("p", { children: "To get a new link, go back to the site that sent you this one and ask for it again." })))] }), problem.status);
}
export function formatTime(date) {
    return date.toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');
}
