/** The Node server's one logger configuration: JSON lines on stdout (pino). */
import pino from 'pino';
/**
 * Log calls never pass secrets; this redaction list is the second line of defence should one ever
 * slip in, so it is a security control and lives only here (the benchmark's servers use it too).
 */
export declare const REDACTED_PATHS: string[];
export declare function createLogger(destination?: pino.DestinationStream): pino.Logger;
