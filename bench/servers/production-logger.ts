/** The logger src/server.ts builds, so that every server under test logs each request alike. */
import pino from 'pino'

export const productionLogger = () =>
  pino({
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['token', 'code', 'password', 'email', 'to', 'apiKey', 'authorization', '*.token', '*.password', '*.email', '*.authorization', 'headers.cookie'],
      censor: '[redacted]',
    },
  })
