import type { Locale } from './locale.ts'

/**
 * How a moment reads where the reader's time zone is not known (the server's page before its
 * script runs, a mail): date and time in the reader's language, in UTC, saying so.
 */
const INSTANT_OPTIONS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
}

const formats = new Map<Locale, Intl.DateTimeFormat>()

/** `Dec 1, 2026, 7:25 PM UTC` in English, `1. Dez. 2026, 19:25 UTC` in German. */
export function formatInstant(date: Date, locale: Locale): string {
  let format = formats.get(locale)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, INSTANT_OPTIONS)
    formats.set(locale, format)
  }
  return format.format(date)
}
