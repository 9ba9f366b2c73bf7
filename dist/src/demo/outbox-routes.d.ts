import { Hono } from 'hono';
import type { DemoContext } from './demo-context.ts';
import type { SentMail } from './outbox.ts';
/**
 * `/dev/outbox` and `/dev/outbox.json`: the mail the dev outbox kept, newest first. Mounted only
 * outside production, because every message holds a live link.
 */
export declare function outboxRoutes(ctx: DemoContext, outbox: {
    list(): readonly SentMail[];
}): Hono;
