/**
 * The forgot-password demo app, runtime-agnostic: it imports the core and Web APIs only, and the
 * core never imports it. Runtimes supply the interfaces below (src/demo/node/ for Node, src/demo/edge/ for Workers).
 */
export { createDemo, type Demo } from './create-demo.ts'
export type { DemoLimits, DemoOptions } from './demo-options.ts'
export { CONFIRM_PURPOSE, RESET_PURPOSE, SIGN_IN_PURPOSE } from './demo-context.ts'
export type { Account, AccountStore, CreateAccountResult, SetPasswordResult } from './account-store.ts'
export type { PasswordHasher } from './password-hasher.ts'
export type { Mail, Mailer } from './mailer.ts'
export { Outbox, type OutboxOptions, type SentMail } from './outbox.ts'
export type { RateLimiter, RateLimitResult } from './rate-limiter.ts'
export { MemoryRateLimiter, type MemoryRateLimiterOptions } from './memory-rate-limiter.ts'
export { deriveSessionSecret, SESSION_MAX_AGE_SECONDS } from './session-cookie.ts'
export { parseEmail } from './email-address.ts'
export { checkNewPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-policy.ts'
