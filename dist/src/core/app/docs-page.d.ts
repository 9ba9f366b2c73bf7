type Operation = {
    summary?: string;
    requestBody?: {
        content?: Record<string, {
            schema?: unknown;
        }>;
    };
    responses?: Record<string, {
        description?: string;
    }>;
};
type Document = {
    info?: {
        title?: string;
        version?: string;
    };
    paths?: Record<string, Record<string, Operation>>;
    components?: {
        schemas?: Record<string, unknown>;
    };
};
/**
 * Browsable API docs rendered on the server from the OpenAPI document. Hand-made rather than
 * Swagger UI or Scalar because those load scripts from a CDN, which our CSP forbids and which an
 * offline or air-gapped deployment cannot reach; the raw document is at /openapi.json.
 */
export declare function DocsPage({ doc }: {
    doc: Document;
}): import("hono/jsx/jsx-dev-runtime").JSX.Element;
export {};
