import type { Logger } from '../core/logger.ts';
/**
 * The core's Logger on Workers: one JSON line per event on the console, which `wrangler tail` and
 * Workers Logs pick up. Callers pass structured fields, never a token, code, key or address.
 */
export declare const consoleLogger: Logger;
