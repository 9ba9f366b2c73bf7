import type { Env, Hono, MiddlewareHandler } from 'hono'
import { raw } from 'hono/html'
import { secureHeaders } from 'hono/secure-headers'
import { accepts } from 'hono/accepts'
import { getRuntimeKey } from 'hono/adapter'

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>
import type { Context } from 'hono'
import { localeOf, withAskedLanguage, type Locale } from '../i18n/locale.ts'
import { Layout } from '../pages/layout.tsx'
import { pageMessages } from '../pages/page-messages.ts'
import { basePath } from './link-pages.tsx'

/**
 * Where the API reference lives. The page names its script and the document under the prefix the
 * app is mounted at (`/auth/docs` loads `/auth/docs/api-reference.js` and `/auth/openapi.json`):
 * relative paths would break on `/auth/docs/` or behind a proxy that rewrites the page's URL.
 */
export const DOCS_PATH = '/docs'
const SCRIPT_PATH = '/docs/api-reference.js'
const START_PATH = '/docs/start.js'

/**
 * The text of Scalar's standalone browser bundle (`@scalar/api-reference`'s
 * `dist/browser/standalone.js`). Each runtime loads the package's file its own way (Node from
 * node_modules, Workers as a text module), so the core needs no file system.
 */
export type ApiReferenceScript = () => string | Promise<string>

/**
 * The interactive reference, served from this origin: Scalar renders /openapi.json in the browser,
 * with try-it requests to this server. Nothing comes from a CDN, so it works offline and under a
 * CSP of 'self' for scripts. Why Scalar over Swagger UI or Redoc: one self-contained file that
 * needs no eval, with try-it requests built in.
 */
export function apiReference<E extends Env>(app: Hono<E>, script: ApiReferenceScript | undefined): void {
  app.get(DOCS_PATH, (c) => {
    if (!script) return c.html(<Unavailable c={c} />)
    return c.html(<Page base={basePath(c)} locale={referenceLocale(localeOf(c))} />)
  })

  // Without a bundle there is neither script to serve: their paths stay unknown (404), not routes
  // that answer "not found" (which would read as a 405 to the method check).
  if (!script) return
  let cached: Promise<string> | undefined
  let gzipped: Promise<ArrayBuffer> | undefined
  const text = () =>
    (cached ??= Promise.resolve(script()).catch((error: unknown) => {
      cached = undefined
      throw error
    }))
  app.get(SCRIPT_PATH, async (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8')
    c.header('Cache-Control', 'public, max-age=86400')
    c.header('Vary', 'Accept-Encoding')
    // The bundle is 4.3 MB of text and 1.3 MB gzipped. Hono's compress() would gzip it again on
    // every request; it never changes while the process runs, so it is compressed once, here.
    // Not on workerd: Cloudflare compresses at its edge, and the runtime would encode it twice.
    if (getRuntimeKey() !== 'workerd' && accepts(c, { header: 'Accept-Encoding', supports: ['gzip'], default: 'identity' }) === 'gzip') {
      gzipped ??= text()
        .then(gzip)
        .catch((error: unknown) => {
          gzipped = undefined
          throw error
        })
      c.header('Content-Encoding', 'gzip')
      return c.body(await gzipped)
    }
    return c.body(await text())
  })

  app.get(START_PATH, (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8')
    c.header('Cache-Control', 'public, max-age=3600')
    return c.body(START_SCRIPT)
  })
}

// A file of its own rather than an inline script, so script-src stays 'self'. It runs before the
// bundle: zod inside it probes for eval (`Function('')`) unless told to run jitless, and that probe
// is a CSP violation. The options turn off everything that would reach beyond this origin: web
// fonts, telemetry, the hosted client, the AI agent and MCP (Scalar's services), the toolbar.
const START_SCRIPT = `globalThis.__zod_globalConfig = { ...globalThis.__zod_globalConfig, jitless: true }
document.addEventListener('DOMContentLoaded', () => {
  Scalar.createApiReference('#reference', {
    // The page says where the document is, under the prefix the app is mounted at.
    url: new URL(document.getElementById('reference').dataset.openapiUrl, document.baseURI).href,
    withDefaultFonts: false,
    // Its base stylesheet still names Inter (loaded from Scalar's font host) first: use the system's.
    customCss: ':root, .light-mode, .dark-mode { --scalar-font: ui-sans-serif, system-ui, sans-serif; --scalar-font-code: ui-monospace, monospace; }',
    telemetry: false,
    hideClientButton: true,
    showOperationId: true,
    defaultOpenAllTags: true,
    showDeveloperTools: 'never',
    agent: { disabled: true },
    mcp: { disabled: true },
    persistAuth: false,
    // The page's language (the reader's, where Scalar has its interface in it) and its title.
    localization: { locale: document.documentElement.lang, direction: 'ltr' },
    metaData: { title: document.title },
  })
})
`

/**
 * The site's security headers for the reference page, with the only relaxation of its CSP:
 * style-src 'unsafe-inline'. Scalar (Vue) sets style attributes and adds <style> elements of its
 * own, which a nonce cannot cover (seen in Chromium: style-src-attr and style-src-elem
 * violations). Inline styles run no code, and the page shows only the public OpenAPI document.
 * Scripts stay 'self': no eval, no inline script.
 *
 * Register it before the site-wide secureHeaders: the outer middleware sets its headers last.
 */
export function apiReferenceHeaders(options: SecureHeadersOptions): MiddlewareHandler {
  const policy = options.contentSecurityPolicy ?? {}
  return secureHeaders({ ...options, contentSecurityPolicy: { ...policy, styleSrc: ["'self'", "'unsafe-inline'"] } })
}

function gzip(text: string): Promise<ArrayBuffer> {
  return new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer()
}

const openApiPath = (base: string) => `${base}/openapi.json`

/**
 * The reader's language where Scalar has its interface in it (it ships German and English, among
 * others), else English: the pseudo-locale is slotlink's own test locale, which Scalar does not know.
 */
function referenceLocale(locale: Locale): 'en' | 'de' {
  return locale === 'de' ? 'de' : 'en'
}

/**
 * `<html lang>` is the language of the page's own words: its title, the no-script note, and
 * Scalar's interface (buttons, headings, the try-it client), which `locale` switches to German for
 * a German reader. The API's own summaries and descriptions in /openapi.json stay English: they
 * are the contract's words, one document for every reader, and Scalar renders them inside its own
 * markup where no element of ours could mark them `lang="en"`. English readers get `en` throughout.
 */
function Page({ base, locale }: { base: string; locale: 'en' | 'de' }) {
  const t = pageMessages(locale)
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={locale} dir="ltr">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{t.text('docs.pageTitle')}</title>
        </head>
        <body>
          <noscript>{t.rich('docs.noscript', { file: 'openapi.json', document: (chunks) => <a href={openApiPath(base)}>{chunks}</a> })}</noscript>
          <div id="reference" data-openapi-url={openApiPath(base)}></div>
          <script src={base + START_PATH}></script>
          <script src={base + SCRIPT_PATH}></script>
        </body>
      </html>
    </>
  )
}

/** Without the bundle: slotlink's own words only, so in the reader's language. */
function Unavailable({ c }: { c: Context }) {
  const base = basePath(c)
  const t = pageMessages(localeOf(c))
  return (
    <Layout title={t.text('docs.title')} base={base} home={withAskedLanguage(c, `${base}/`)} locale={t.locale}>
      <p>
        {t.rich('docs.unavailable', {
          option: 'apiReferenceScript',
          code: (chunks) => <code>{chunks}</code>,
          file: 'openapi.json',
          document: (chunks) => <a href={openApiPath(base)}>{chunks}</a>,
        })}
      </p>
    </Layout>
  )
}
