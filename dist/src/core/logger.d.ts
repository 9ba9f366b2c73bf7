/**
 * The logging seam: pino on Node satisfies it, `console` wrappers elsewhere. Callers pass
 * structured fields and never a token, code, key, password or email address.
 */
export interface Logger {
    info(fields: Record<string, unknown>, message?: string): void;
    warn(fields: Record<string, unknown>, message?: string): void;
    error(fields: Record<string, unknown>, message?: string): void;
}
export declare const silentLogger: Logger;
