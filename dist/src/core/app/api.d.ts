import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Env } from 'hono';
import { type ErrorCode } from '../errors.ts';
import type { LinkService } from '../link-service.ts';
export interface ApiOptions {
    links: LinkService;
    /** Origin that link URLs are built on. */
    publicUrl: string;
}
/** Answers a request with the contract's `{error, message}` body and the code's status. */
export declare function apiError(c: Context, code: ErrorCode, details?: {
    message?: string;
    field?: string;
}): never;
/** The JSON API under /api. Authentication, body limits and media types are applied by createApp. */
export declare function api<E extends Env>(app: OpenAPIHono<E>, { links, publicUrl }: ApiOptions): void;
