/**
 * slotlink for Node: one-time links held by slots in piscina worker threads.
 *
 * @example
 * const slotlink = await createSlotlink({ keys: process.env.SLOTLINK_KEYS })
 * const issued = await slotlink.issue({ purpose: 'reset_password', subject: user.id })
 * const used = await slotlink.consume(token, { purpose: 'reset_password' })
 * app.route('/', slotlink.routes({ apiKey, publicUrl: 'https://auth.example.com' }))
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { type AppEnv, type AppOptions } from '../core/app/create-app.tsx';
import { Keyring } from '../core/keyring.ts';
import { type LinkService, type LinkServiceOptions } from '../core/link-service.ts';
import { Metrics } from '../core/metrics.ts';
import type { SlotStore } from '../core/slot-store.ts';
import { type PiscinaSlotStoreOptions } from './piscina-slot-store.ts';
export * from '../core/index.ts';
export { nodeLinkCrypto } from './node-link-crypto.ts';
export { PiscinaSlotStore, type PiscinaSlotStoreOptions } from './piscina-slot-store.ts';
export interface CreateSlotlinkOptions {
    /** `kid:secret,...` as in SLOTLINK_KEYS, parsed secrets, or a Keyring. Default: one random key (links die with the process). */
    keys?: string | {
        id: string;
        secret: Uint8Array;
    }[] | Keyring;
    /** Options for the worker-thread store, or any SlotStore. */
    slots?: PiscinaSlotStoreOptions | SlotStore;
    now?: LinkServiceOptions['now'];
}
export interface Slotlink extends LinkService {
    /** The HTTP API, link pages, health, metrics and docs, to mount on a Hono app. */
    routes(options: Omit<AppOptions, 'links' | 'metrics'>): OpenAPIHono<AppEnv>;
    readonly metrics: Metrics;
    /** Stops the worker threads; open links are lost unless the store snapshots them. */
    close(): Promise<void>;
}
export declare function createSlotlink(options?: CreateSlotlinkOptions): Promise<Slotlink>;
