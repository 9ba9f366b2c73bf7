// A text module (wrangler.toml's [[rules]] type "Text"), not JavaScript the worker runs: the
// browser runs it on /docs. The path is relative because wrangler matches rules on the import as
// written, and a [alias] would bypass the rule.
import script from '../../../node_modules/@scalar/api-reference/dist/browser/standalone.js'

/** Scalar's standalone browser bundle for /docs, bundled into the worker so the edge needs no CDN. */
export const readApiReferenceScript = (): string => script
