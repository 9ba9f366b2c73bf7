import { type Logger } from '../core/logger.ts';
import type { OpenRequest, OpenResult, SlotResult, SlotStats, SlotStore } from '../core/slot-store.ts';
export interface PiscinaSlotStoreOptions {
    /** Worker threads; default: the machine's available parallelism. */
    threads?: number;
    /** Open slots per worker before `open` answers `capacity`. Default 2,000,000. */
    maxSlotsPerWorker?: number;
    /** Batches one worker may have in hand at once; more wait in piscina's queue. Default 8. */
    maxInFlightPerWorker?: number;
    /** Link requests the store may hold at once (waiting or being served) before it answers `capacity`. Default 8192. */
    maxPending?: number;
    /** Where workers write snapshots on close and read them at start; null (the default) for neither. */
    snapshotDir?: string | null;
    /** Lifecycle lines: snapshots restored, refused or written. */
    logger?: Logger;
}
/**
 * @example
 * const slots = await PiscinaSlotStore.start({ threads: 4 })
 * const links = createSlotlink({ keyring, slots })
 */
export declare class PiscinaSlotStore implements SlotStore {
    #private;
    private constructor();
    static start(options?: PiscinaSlotStoreOptions): Promise<PiscinaSlotStore>;
    open(request: OpenRequest): Promise<OpenResult>;
    peek(handle: Uint8Array, codeHash: Uint8Array): Promise<SlotResult>;
    consume(handle: Uint8Array, codeHash: Uint8Array): Promise<SlotResult>;
    revoke(handle: Uint8Array, codeHash: Uint8Array): Promise<SlotResult>;
    revokeSubject(subject: string, purpose?: string): Promise<number>;
    stats(): Promise<SlotStats>;
    /** Worker threads, for tests and operations (e.g. to see that a dead one was replaced). */
    get threads(): readonly import('node:worker_threads').Worker[];
    /** The live worker thread that owns an epoch, if any (for operations and tests). */
    workerFor(epoch: string): import('node:worker_threads').Worker | undefined;
    /** Epochs of the live workers. */
    get epochs(): readonly string[];
    /** Link requests waiting for, or being served by, a worker. */
    get queueSize(): number;
    /**
     * Stops the workers. With a snapshot folder, each worker first writes its open slots there, so
     * the next start serves them; call this only once no more requests can arrive.
     */
    close(): Promise<void>;
}
