/**
 * The logging seam: pino on Node satisfies it, `console` wrappers elsewhere. Callers pass
 * structured fields and never a token, code, key, password or email address.
 */
export interface Logger {
  info(fields: Record<string, unknown>, message?: string): void
  warn(fields: Record<string, unknown>, message?: string): void
  error(fields: Record<string, unknown>, message?: string): void
  /**
   * Where createApp's one line per request goes, if not to this logger. That line has a fixed
   * shape no secret can reach (method, route pattern, status, ms, request id), so it may go to a
   * sibling that skips what guards free-form lines: pino's redaction of wildcard paths took 6 of
   * the 11 µs a request line cost (bench/README.md, "Closing the gap").
   */
  readonly requestLines?: Logger
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} }
