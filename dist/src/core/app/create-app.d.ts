import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { LinkService } from '../link-service.ts';
import { type Logger } from '../logger.ts';
import { Metrics } from '../metrics.ts';
import { type LinkView } from './link-pages.tsx';
export interface AppOptions {
    links: LinkService;
    /** Bearer key for /api/*. */
    apiKey: string;
    /** Origin that link URLs are built on, e.g. https://auth.example.com (no trailing slash). */
    publicUrl: string;
    metrics?: Metrics;
    /** Views for the link pages, by purpose (see LinkView). */
    linkViews?: Record<string, LinkView>;
    /** Whether the request came from this machine; such requests may read /metrics without a key. */
    isLocalRequest?: (c: Context) => boolean;
    /** One line per request (route pattern, never the path: paths carry tokens) and per unexpected error. */
    logger?: Logger;
    /** True while the server drains before a stop: /healthz then answers 503 so load balancers move on. */
    isDraining?: () => boolean;
}
export type AppEnv = {
    Variables: {
        requestId: string;
    };
};
/**
 * The whole HTTP surface, the same on Node and on Workers: the JSON API, the link pages, health,
 * metrics and docs. Mount more routes (the demo app) on what it returns.
 *
 * @example
 * const app = createApp({ links, apiKey, publicUrl: 'http://localhost:3000' })
 * serve({ fetch: app.fetch, port: 3000 })
 */
export declare function createApp(options: AppOptions): OpenAPIHono<AppEnv>;
