import { Hono } from 'hono';
import type { DemoContext } from './demo-context.ts';
/**
 * Sign up, sign in, sign out and the home page. A successful sign-up or sign-in sets the session
 * cookie and answers 303 to `/`; a failed sign-in is a 401 page that does not say which of the
 * two fields was wrong (only, for a blank or malformed field, that it is blank or malformed).
 */
export declare function accountRoutes(ctx: DemoContext): Hono;
