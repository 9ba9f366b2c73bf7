import { formatInstant } from '../i18n/date-time.ts'
import { DEFAULT_LOCALE, type Locale } from '../i18n/locale.ts'

/** Where the local-time script is served, from the app's own origin (CSP `'self'`, no inline script). */
export const LOCAL_TIME_SCRIPT_PATH = '/assets/local-time.js'

/**
 * Rewrites every `<time data-local>` from its UTC fallback into the reader's own time zone, in the
 * page's language (`<html lang>`, so a German page reads German dates in any browser). The zone
 * goes unnamed: it is the reader's own.
 * Hand-written, a few lines: Intl.DateTimeFormat does the work, and a page without JavaScript
 * still reads the UTC time.
 */
export const LOCAL_TIME_SCRIPT = `"use strict";
(function () {
  var lang = document.documentElement.lang || undefined;
  var format = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
  var times = document.querySelectorAll("time[data-local]");
  for (var i = 0; i < times.length; i++) {
    var when = new Date(times[i].getAttribute("datetime") || "");
    if (!isNaN(when.getTime())) times[i].textContent = format.format(when);
  }
})();
`

/** A moment for people: `<time datetime="ISO">Dec 1, 2026, 2:02 PM UTC</time>`, made local in the browser. */
export function LocalTime({ date, locale = DEFAULT_LOCALE }: { date: Date; locale?: Locale }) {
  return (
    <time datetime={date.toISOString()} data-local="">
      {formatInstant(date, locale)}
    </time>
  )
}
