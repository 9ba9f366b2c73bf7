import { jsx as _jsx, Fragment as _Fragment, jsxs as _jsxs } from "hono/jsx/jsx-runtime";
/** The header links: where a signed-out person can go, or the way out for a signed-in one. */
export function AccountNav({ signedIn }) {
    if (signedIn) {
        return (_jsx("form", { class: "inline", method: "post", action: "/logout", children: _jsx("button", { type: "submit", class: "link", children: "Sign out" }) }));
    }
    return (_jsxs(_Fragment, { children: [_jsx("a", { href: "/login", children: "Sign in" }), _jsx("a", { href: "/signup", children: "Create account" })] }));
}
