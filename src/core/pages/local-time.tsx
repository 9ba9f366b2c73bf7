/** Where the local-time script is served, from the app's own origin (CSP `'self'`, no inline script). */
export const LOCAL_TIME_SCRIPT_PATH = '/assets/local-time.js'

/**
 * Rewrites every `<time data-local>` from its UTC fallback into the reader's own time zone and
 * language. Hand-written, a few lines: Intl.DateTimeFormat does the work, and a page without
 * JavaScript still reads the UTC time.
 */
export const LOCAL_TIME_SCRIPT = `"use strict";
(function () {
  var format = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  var times = document.querySelectorAll("time[data-local]");
  for (var i = 0; i < times.length; i++) {
    var when = new Date(times[i].getAttribute("datetime") || "");
    if (!isNaN(when.getTime())) times[i].textContent = format.format(when);
  }
})();
`

/** A moment for people: `<time datetime="ISO">2026-12-01 14:02 UTC</time>`, made local in the browser. */
export function LocalTime({ date }: { date: Date }) {
  return (
    <time datetime={date.toISOString()} data-local="">
      {date.toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC')}
    </time>
  )
}
