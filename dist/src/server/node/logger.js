/** The Node server's one logger configuration: JSON lines on stdout (pino). */
import pino from 'pino';
/**
 * Log calls never pass secrets; this redaction list is the second line of defence should one ever
 * slip in, so it is a security control and lives only here (the benchmark's servers use it too).
 */
export const REDACTED_PATHS = ['token', 'code', 'password', 'email', 'to', 'apiKey', 'authorization', '*.token', '*.password', '*.email', '*.authorization', 'headers.cookie'];
export function createLogger(destination) {
    return pino({ base: undefined, timestamp: pino.stdTimeFunctions.isoTime, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}
