import { Hono } from 'hono';
import { type DemoContext } from './demo-context.ts';
/**
 * "Forgot password": asks for an address and answers "check your email" to every well-formed one.
 * Whether an account uses it only matters after the answer has gone: looking it up, minting the
 * link and sending the mail run in the background, so the page, its status and its timing are
 * the same either way. The rate limits (per client, then per address) come first and do not
 * depend on the account either.
 */
export declare function forgotRoutes(ctx: DemoContext): Hono;
