/**
 * The forgot-password demo app, runtime-agnostic: it imports the core and Web APIs only, and the
 * core never imports it. Runtimes supply the interfaces below (src/demo/node/ for Node, src/demo/edge/ for Workers).
 */
export { createDemo } from "./create-demo.js";
export { RESET_PURPOSE } from "./demo-context.js";
export { Outbox } from "./outbox.js";
export { MemoryRateLimiter } from "./memory-rate-limiter.js";
export { deriveSessionSecret, SESSION_MAX_AGE_SECONDS } from "./session-cookie.js";
export { parseEmail } from "./email-address.js";
export { checkNewPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-policy.js";
