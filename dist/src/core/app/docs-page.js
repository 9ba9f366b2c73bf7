import { jsx as _jsx, jsxs as _jsxs } from "hono/jsx/jsx-runtime";
import { Layout } from "../pages/layout.js";
/**
 * Browsable API docs rendered on the server from the OpenAPI document. Hand-made rather than
 * Swagger UI or Scalar because those load scripts from a CDN, which our CSP forbids and which an
 * offline or air-gapped deployment cannot reach; the raw document is at /openapi.json.
 */
export function DocsPage({ doc }) {
    const paths = Object.entries(doc.paths ?? {});
    return (_jsxs(Layout, { title: `${doc.info?.title ?? 'API'} ${doc.info?.version ?? ''}`, children: [_jsxs("p", { children: ["All ", _jsx("code", { children: "/api" }), " requests need ", _jsx("code", { children: "Authorization: Bearer $SLOTLINK_API_KEY" }), " and JSON bodies of at most 16 KiB. The machine-readable document is at ", _jsx("a", { href: "/openapi.json", children: "/openapi.json" }), "."] }), paths.map(([path, methods]) => Object.entries(methods).map(([method, op]) => (_jsxs("section", { children: [_jsx("h2", { children: _jsxs("code", { children: [method.toUpperCase(), " ", path] }) }), op.summary && _jsx("p", { children: op.summary }), op.requestBody?.content?.['application/json']?.schema !== undefined && (_jsx("pre", { children: JSON.stringify(op.requestBody.content['application/json'].schema, null, 2) })), _jsxs("table", { children: [_jsx("thead", { children: _jsxs("tr", { children: [_jsx("th", { scope: "col", children: "Status" }), _jsx("th", { scope: "col", children: "Meaning" })] }) }), _jsx("tbody", { children: Object.entries(op.responses ?? {}).map(([status, r]) => (_jsxs("tr", { children: [_jsx("td", { children: status }), _jsx("td", { children: r.description })] }))) })] })] })))), _jsx("h2", { children: "Schemas" }), _jsx("pre", { children: JSON.stringify(doc.components?.schemas ?? {}, null, 2) })] }));
}
