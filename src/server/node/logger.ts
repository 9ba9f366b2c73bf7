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

export function createLogger(destination?: pino.DestinationStream): pino.Logger {
  return pino({ base: undefined, timestamp: pino.stdTimeFunctions.isoTime, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination)
}
