/** The Node server's one logger configuration: JSON lines on stdout (pino). */
import pino from 'pino'

/**
 * Log calls never pass secrets; this redaction list is the second line of defence should one ever
 * slip in, so it is a security control and lives only here (the benchmark's servers use it too).
 * Not the bare key `code`: errors carry their kind there (an SMTP failure's `EAUTH`), which is what
 * an operator needs to see. A link's typed code is never logged, and if ever, only as `linkCode`.
 */
export const REDACTED_PATHS = [
  'token',
  'ticket',
  'linkCode',
  'password',
  'email',
  'to',
  'apiKey',
  'authorization',
  '*.token',
  '*.ticket',
  '*.linkCode',
  '*.password',
  '*.email',
  '*.apiKey',
  '*.authorization',
  'headers.cookie',
  '*.headers.cookie',
]

/**
 * pino's `isoTime`, formatted once per millisecond: under load a dozen lines fall in each one, and
 * `toISOString` was a fifth of a request line's cost. Measured, 200,000 request lines through the
 * non-blocking writer to /dev/null, four alternating runs: 3.4–3.8 µs a line with isoTime, 2.7–2.8
 * with this. The time is the same as isoTime's to the millisecond, which is all either gives.
 */
export function isoTimeByMillisecond(now: () => number = Date.now): () => string {
  let formattedAt = Number.NaN
  let formatted = ''
  return () => {
    const ms = now()
    if (ms !== formattedAt) {
      formattedAt = ms
      formatted = `,"time":"${new Date(ms).toISOString()}"`
    }
    return formatted
  }
}

/**
 * JSON lines to `destination`, by default stdout through a non-blocking writer (sonic-boom,
 * `sync: false`): lines written in one turn of the event loop go out in one write, after it,
 * where pino's default blocks the HTTP thread on a `write(2)` per request line. Measured under
 * 64-connection consume load: the synchronous writes were 3 % of the HTTP thread's samples
 * (bench/README.md, "Where the time goes").
 *
 * No line is lost at a stop: pino registers the writer to be flushed synchronously on the
 * process's `exit` (its `on-exit-leak-free`), which `process.exit` after the graceful stop and an
 * uncaught error both reach; `flushLogs` says so out loud at the end of main.ts's stop.
 */
export function createLogger(destination: pino.DestinationStream = pino.destination({ dest: 1, sync: false })): pino.Logger & { requestLines: pino.Logger } {
  const logger = pino({ base: undefined, timestamp: isoTimeByMillisecond(), redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination)
  // The request lines' own logger: the same writer (so lines keep their order) without the
  // redaction, which their fixed fields never need (core/logger.ts, `requestLines`).
  return Object.assign(logger, { requestLines: logger.child({}, { redact: { paths: [] } }) })
}

const streamOf = (logger: pino.Logger) => (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as { flushSync?: () => void; write?: (text: string) => void } | undefined

/** Writes out what the logger still holds, synchronously: for the last moment before `process.exit`. */
export function flushLogs(logger: pino.Logger): void {
  const stream = streamOf(logger)
  try {
    stream?.flushSync?.()
  } catch {
    // sonic-boom refuses a flush before its file is open; pino's exit hook flushes again then.
  }
}

/**
 * A plain line to the log's destination, after every line logged before it: stdout written both
 * through the non-blocking writer and directly would not keep their order.
 */
export function writeToLog(logger: pino.Logger, text: string): void {
  const stream = streamOf(logger)
  if (stream?.write) stream.write(text)
  else process.stdout.write(text)
}
