import { parse, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { IntlMessageFormat } from 'intl-messageformat'
import type { Child } from 'hono/jsx'
import { DEFAULT_LOCALE, PSEUDO_LOCALE, type Locale } from './locale.ts'
import { pseudoMessage } from './pseudo-locale.ts'

/**
 * One language's messages, in ICU MessageFormat: `{name}` placeholders, `{count, plural, one {…}
 * other {…}}` and `{x, select, …}` branches, `<link>…</link>` tags for markup around words.
 *
 * Why ICU through `intl-messageformat` (formatjs): it is the format translators and their tools
 * know, plural rules come from the runtime's own Intl.PluralRules for every language (German and
 * English agree, Arabic has six forms), and the library is small, dependency-light, maintained,
 * and plain JavaScript on Web APIs, so the same catalogue runs on Node and in Workers without a
 * build step. i18next would bring its own plural suffix scheme, a resource store and plugins the
 * pages do not need; a hand-written table would have to grow its own plural and escaping rules.
 */
export type Catalogue<K extends string = string> = Readonly<Record<K, string>>

/** The catalogues of one part of the app (the core's pages, the demo's mail): English is the source. */
export interface Catalogues<K extends string> {
  readonly en: Catalogue<K>
  readonly de: Catalogue<K>
}

export type TextValues = Readonly<Record<string, string | number>>
/** Placeholders may be elements (a `<time>`), and tags are functions of their children. */
export type RichValues = Readonly<Record<string, string | number | Child | ((chunks: Child[]) => Child)>>

/** The messages of one part of the app in one locale. */
export interface Translator<K extends string> {
  readonly locale: Locale
  /** The message as plain text: titles, attributes, a mail's text part. */
  text(key: K, values?: TextValues): string
  /** The message as page content, with elements in its placeholders and tags. */
  rich(key: K, values?: RichValues): Child
}

/**
 * Compiles each message on first use, per locale, and keeps it: messages are few and fixed.
 *
 * @example
 * const messages = defineMessages({ en: { hello: 'Hello, {name}' }, de: { hello: 'Hallo, {name}' } })
 * messages('de').text('hello', { name: 'Ada' }) // 'Hallo, Ada'
 */
export function defineMessages<K extends string>(catalogues: Catalogues<K>): (locale: Locale) => Translator<K> {
  const compiled = new Map<string, IntlMessageFormat>()
  const sourceOf = (locale: Locale, key: K): string | MessageFormatElement[] => {
    if (locale === PSEUDO_LOCALE) return pseudoMessage(parse(catalogues[DEFAULT_LOCALE][key]))
    return catalogues[locale][key]
  }
  const formatOf = (locale: Locale, key: K) => {
    const id = `${locale}\u0000${key}`
    let format = compiled.get(id)
    if (!format) {
      format = new IntlMessageFormat(sourceOf(locale, key), locale)
      compiled.set(id, format)
    }
    return format
  }
  const translators = new Map<Locale, Translator<K>>()
  return (locale) => {
    let translator = translators.get(locale)
    if (!translator) {
      translator = {
        locale,
        text: (key, values) => String(formatOf(locale, key).format(values)),
        rich: (key, values) => formatOf(locale, key).format<Child>(values as never) as Child,
      }
      translators.set(locale, translator)
    }
    return translator
  }
}
