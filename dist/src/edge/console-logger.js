/**
 * The core's Logger on Workers: one JSON line per event on the console, which `wrangler tail` and
 * Workers Logs pick up. Callers pass structured fields, never a token, code, key or address.
 */
export const consoleLogger = {
    info: (fields, message) => console.log(line('info', fields, message)),
    warn: (fields, message) => console.warn(line('warn', fields, message)),
    error: (fields, message) => console.error(line('error', fields, message)),
};
function line(level, fields, message) {
    return JSON.stringify({ level, ...fields, ...(message !== undefined && { msg: message }) });
}
