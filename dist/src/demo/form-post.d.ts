import type { MiddlewareHandler } from 'hono';
/** A sign-up or reset form is a few hundred bytes; 16 KiB leaves room for a 1024-character password many times over. */
export declare const MAX_FORM_BYTES: number;
/**
 * What every form POST of the demo passes before its handler: same-origin only (hono/csrf checks
 * Origin and Sec-Fetch-Site, as the link pages do), a form content type, and a small body.
 */
export declare function formPost(publicOrigin: string): MiddlewareHandler;
/** A form field as text; a missing field or an uploaded file reads as empty. */
export declare function field(form: FormData, name: string): string;
