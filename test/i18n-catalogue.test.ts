import { isStructurallySame, parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { describe, expect, it } from 'vitest'
import { defineMessages, type Catalogues } from '../src/core/i18n/catalogue.ts'
import { PSEUDO_LOCALE } from '../src/core/i18n/locale.ts'
import { PAGE_CATALOGUES } from '../src/core/pages/page-messages.ts'
import { STYLESHEET } from '../src/core/pages/layout.tsx'
import { MAIL_CATALOGUES } from '../src/demo/mail/mail-messages.ts'
import { LINK_PAGE_CATALOGUES } from '../src/demo/link-page-messages.ts'
import { DEMO_PAGE_CATALOGUES } from '../src/demo/demo-page-messages.ts'

const CATALOGUES: Record<string, Catalogues<string>> = { 'core pages': PAGE_CATALOGUES, 'demo mail': MAIL_CATALOGUES, 'demo link pages': LINK_PAGE_CATALOGUES, 'demo pages': DEMO_PAGE_CATALOGUES }

/** Every placeholder, select, plural and tag a message uses, with the values it can take. */
function placeholders(ast: readonly MessageFormatElement[], into = new Map<string, string>()): Map<string, string> {
  for (const element of ast) {
    if (element.type === TYPE.argument) into.set(element.value, 'argument')
    if (element.type === TYPE.tag) {
      into.set(element.value, 'tag')
      placeholders(element.children, into)
    }
    if (element.type === TYPE.select || element.type === TYPE.plural) {
      into.set(element.value, `${element.type === TYPE.select ? 'select' : 'plural'}:${Object.keys(element.options).sort().join('|')}`)
      for (const option of Object.values(element.options)) placeholders(option.value, into)
    }
  }
  return into
}

/** Values for every placeholder of a message, with each select on `choice` and each plural at `count`. */
function sampleValues(ast: readonly MessageFormatElement[], choice: string, count: number) {
  return Object.fromEntries(
    [...placeholders(ast)].map(([name, kind]) => [name, kind === 'tag' ? (chunks: unknown[]) => `<${name}>${chunks.join('')}</${name}>` : kind.startsWith('select') ? choice : kind.startsWith('plural') ? count : `«${name}»`]),
  )
}

describe.each(Object.entries(CATALOGUES))('the %s catalogue', (_, catalogues) => {
  const keys = Object.keys(catalogues.en)

  it('has every key in English and German, and no other', () => {
    expect(Object.keys(catalogues.de).sort()).toEqual([...keys].sort())
  })

  it.each(keys)('%s: parses in both, with the same placeholders, selects, plurals and tags', (key) => {
    const en = parse(catalogues.en[key]!)
    const de = parse(catalogues.de[key]!)
    expect(placeholders(de)).toEqual(placeholders(en))
    expect(isStructurallySame(en, de)).toEqual({ success: true })
  })

  it('is translated: no German message is the English one', () => {
    expect(keys.filter((key) => catalogues.de[key] === catalogues.en[key])).toEqual([])
  })

  it('formats every message in every locale, each value where the message puts it', () => {
    const messages = defineMessages(catalogues)
    for (const locale of ['en', 'de', PSEUDO_LOCALE] as const) {
      const t = messages(locale)
      for (const key of keys) {
        const ast = parse(catalogues.en[key]!)
        for (const [choice, count] of [['yes', 1], ['no', 5]] as const) {
          const values = sampleValues(ast, choice, count)
          const text = t.rich(key, values as never)
          const flat = Array.isArray(text) ? text.join('') : String(text)
          for (const [name, kind] of placeholders(ast)) if (kind === 'argument' && choice === 'yes') expect(flat, `${locale} ${key}`).toContain(`«${name}»`)
          expect(flat.length, `${locale} ${key}`).toBeGreaterThan(0)
        }
      }
    }
  })

  it('the pseudo-locale is the English accented, longer and bracketed, placeholders untouched', () => {
    const messages = defineMessages(catalogues)
    for (const key of keys) {
      const ast = parse(catalogues.en[key]!)
      const values = sampleValues(ast, 'yes', 5)
      const english = String(messages('en').text(key, values as never))
      const pseudo = String(messages(PSEUDO_LOCALE).text(key, values as never))
      expect(pseudo).toMatch(/^⟦[\s\S]*⟧$/)
      expect(pseudo.length).toBeGreaterThan(english.length)
      // Outside the placeholders no plain a–z is left: a string that skipped the catalogue would show.
      expect(pseudo.replace(/«[a-zA-Z]+»|<\/?[a-zA-Z]+>/g, '')).not.toMatch(/[a-zA-Z]/)
    }
  })
})

describe('plurals follow each language', () => {
  it('one minute, 30 minutes; eine Minute, 30 Minuten', () => {
    const values = (minutes: number) => ({ hasCode: 'no', minutes, at: 'then' })
    const mail = defineMessages(MAIL_CATALOGUES)
    expect(mail('en').text('mail.expiry', values(1))).toContain('in 1 minute (at then)')
    expect(mail('en').text('mail.expiry', values(30))).toContain('in 30 minutes (at then)')
    expect(mail('de').text('mail.expiry', values(1))).toContain('in 1 Minute ab')
    expect(mail('de').text('mail.expiry', values(1440))).toContain('in 1440 Minuten ab')
  })
})

describe('the stylesheet is right-to-left ready', () => {
  it('uses logical properties only: no left/right/top/bottom sides, no width/height', () => {
    const declarations = [...STYLESHEET.matchAll(/([a-z-]+)\s*:\s*([^;{}]+)/g)].map(([, property, value]) => ({ property: property!, value: value!.trim() }))
    expect(declarations.length).toBeGreaterThan(50)
    const physical = declarations.filter(
      ({ property, value }) =>
        /(^|-)(left|right|top|bottom)(-|$)/.test(property) ||
        /^(min-|max-)?(width|height)$/.test(property) ||
        (/^(text-align|float|clear)$/.test(property) && /\b(left|right)\b/.test(value)) ||
        // Two- to four-value margin and padding shorthands name physical sides; one value is the same on all.
        (/^(margin|padding)$/.test(property) && value.split(/\s+/).length > 1),
    )
    expect(physical).toEqual([])
    expect(STYLESHEET).toMatch(/border-inline-start/)
  })
})
