import { Layout } from '../pages/layout.tsx'

type Operation = { summary?: string; requestBody?: { content?: Record<string, { schema?: unknown }> }; responses?: Record<string, { description?: string }> }
type Document = { info?: { title?: string; version?: string }; paths?: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, unknown> } }

/**
 * Browsable API docs rendered on the server from the OpenAPI document. Hand-made rather than
 * Swagger UI or Scalar because those load scripts from a CDN, which our CSP forbids and which an
 * offline or air-gapped deployment cannot reach; the raw document is at /openapi.json.
 */
export function DocsPage({ doc, base = '' }: { doc: Document; base?: string }) {
  const paths = Object.entries(doc.paths ?? {})
  return (
    <Layout title={`${doc.info?.title ?? 'API'} ${doc.info?.version ?? ''}`} base={base}>
      <p>
        All <code>/api</code> requests need <code>Authorization: Bearer $SLOTLINK_API_KEY</code> and JSON bodies of at most
        16 KiB. The machine-readable document is at <a href={`${base}/openapi.json`}>/openapi.json</a>.
      </p>
      {paths.map(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => (
          <section>
            <h2>
              <code>{method.toUpperCase()} {path}</code>
            </h2>
            {op.summary && <p>{op.summary}</p>}
            {op.requestBody?.content?.['application/json']?.schema !== undefined && (
              <pre>{JSON.stringify(op.requestBody.content['application/json'].schema, null, 2)}</pre>
            )}
            <table>
              <thead>
                <tr><th scope="col">Status</th><th scope="col">Meaning</th></tr>
              </thead>
              <tbody>
                {Object.entries(op.responses ?? {}).map(([status, r]) => (
                  <tr><td>{status}</td><td>{r.description}</td></tr>
                ))}
              </tbody>
            </table>
          </section>
        )),
      )}
      <h2>Schemas</h2>
      <pre>{JSON.stringify(doc.components?.schemas ?? {}, null, 2)}</pre>
    </Layout>
  )
}
