import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import { DEFAULT_LOCALE, textDirection, type Locale } from '../i18n/locale.ts'
import { FAVICON_PATH } from './favicon.ts'
import { LOCAL_TIME_SCRIPT_PATH } from './local-time.tsx'
import { pageMessages } from './page-messages.ts'

/** Where the shared stylesheet is served; pages link it so the CSP can forbid inline styles. */
export const STYLESHEET_PATH = '/assets/slotlink.css'

export interface LayoutProps {
  title: string
  children?: Child
  /** Extra links for the header (the demo app adds sign-in state). */
  nav?: Child
  /** The path prefix slotlink is mounted under (`/auth`), or '' at the root. */
  base?: string
  /** Where the header's brand links: the start page under `base`, with an asked `?lang=` where the page has a request (`withAskedLanguage`). */
  home?: string
  /** The page's language: `<html lang dir>`, which the local-time script and screen readers follow. */
  locale?: Locale
}

/** The one layout every page uses: readable without CSS, no JavaScript needed (the one script only makes times local). */
export function Layout({ title, children, nav, base = '', home = `${base}/`, locale = DEFAULT_LOCALE }: LayoutProps) {
  // The doctype keeps browsers out of quirks mode, where the stylesheet's box sizes would not hold.
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={locale} dir={textDirection(locale)}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{title}</title>
          <link rel="stylesheet" href={base + STYLESHEET_PATH} />
          <link rel="icon" href={base + FAVICON_PATH} />
          <script src={base + LOCAL_TIME_SCRIPT_PATH} defer></script>
        </head>
        <body>
          <header>
            <a class="brand" href={home}>slotlink</a>
            {nav && <nav aria-label={pageMessages(locale).text('layout.nav')}>{nav}</nav>}
          </header>
          <main>
            <h1>{title}</h1>
            {children}
          </main>
        </body>
      </html>
    </>
  )
}

/**
 * Written in logical properties only (inline-start, block-end, inline-size): a right-to-left page
 * (`dir="rtl"`) mirrors its borders, padding and alignment with no second stylesheet. The
 * pseudo-locale page (`?lang=ar-XB`) shows it, and a test keeps physical sides out.
 */
export const STYLESHEET = `
:root { color-scheme: light dark; --accent: #1d4ed8; --fg: #111827; --bg: #ffffff; --muted: #4b5563; --card: #f3f4f6; --danger: #b91c1c; --ok: #047857; }
@media (prefers-color-scheme: dark) { :root { --accent: #93c5fd; --fg: #f9fafb; --bg: #111827; --muted: #d1d5db; --card: #1f2937; --danger: #fca5a5; --ok: #6ee7b7; } }
* { box-sizing: border-box; }
body { margin: 0; font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 1rem; padding-block: 0.75rem; padding-inline: 1.25rem; border-block-end: 1px solid var(--card); }
header nav { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
.brand { font-weight: 700; text-decoration: none; color: var(--fg); }
main { max-inline-size: 32rem; margin-block: 2.5rem; margin-inline: auto; padding-inline: 1.25rem; overflow-wrap: break-word; }
h1 { font-size: 1.6rem; line-height: 1.25; margin-block: 0 1rem; }
a { color: var(--accent); }
p.lead { color: var(--muted); }
form { display: grid; gap: 1rem; margin-block: 1.5rem; }
label { display: grid; gap: 0.35rem; font-weight: 600; }
input { font: inherit; padding-block: 0.6rem; padding-inline: 0.7rem; border: 1px solid var(--muted); border-radius: 0.4rem; background: var(--bg); color: var(--fg); }
input:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
button, .button { font: inherit; font-weight: 600; padding-block: 0.65rem; padding-inline: 1rem; border: 0; border-radius: 0.4rem; background: var(--accent); color: var(--bg); cursor: pointer; text-decoration: none; display: inline-block; text-align: center; }
form.inline { display: inline; margin-block: 0; }
button.link { background: none; color: var(--accent); padding: 0; text-decoration: underline; font-weight: 400; }
.hint { color: var(--muted); font-weight: 400; font-size: 0.9rem; }
.error { color: var(--danger); font-weight: 600; }
.notice { padding-block: 0.75rem; padding-inline: 1rem; border-radius: 0.4rem; background: var(--card); }
.notice.ok { border-inline-start: 4px solid var(--ok); }
.notice.bad { border-inline-start: 4px solid var(--danger); }
table { border-collapse: collapse; inline-size: 100%; }
th, td { text-align: start; padding: 0.4rem; border-block-end: 1px solid var(--card); vertical-align: top; }
form .field { display: grid; gap: 0.35rem; }
.field p { margin-block: 0; }
.field input { inline-size: 100%; }
input[aria-invalid="true"] { border: 2px solid var(--danger); }
input.code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 1.4rem; letter-spacing: 0.15em; text-transform: uppercase; }
.actions { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
article.mail { border-block-start: 1px solid var(--muted); margin-block-start: 2rem; padding-block-start: 0.5rem; }
article.mail h2 { font-size: 1.2rem; margin-block: 0.5rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin-block: 0 1rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin-inline: 0; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; word-break: break-word; background: var(--card); padding: 0.75rem; border-radius: 0.4rem; font-size: 0.85rem; }
`
