import type { SlotAddress, SlotFields } from './slot-table.ts';
export declare const SNAPSHOT_FORMAT = "slotlink-slot-snapshot";
export declare const SNAPSHOT_VERSION = 1;
export interface SnapshotEntry {
    address: SlotAddress;
    fields: SlotFields;
    codeHash: Uint8Array;
}
export type SnapshotRead = {
    ok: true;
    epoch: string;
    entries: SnapshotEntry[];
    droppedExpired: number;
} | {
    ok: false;
    reason: string;
};
/** Writes one table's open slots; returns how many. Entries already expired are left out. */
export declare function writeSnapshot(dir: string, epoch: string, entries: Iterable<SnapshotEntry>, nowSeconds: number): number;
/** Reads and verifies a claimed snapshot, then deletes it whatever it held. Never throws. */
export declare function readAndRemoveSnapshot(path: string, nowSeconds: number): SnapshotRead;
export declare function parseSnapshot(text: string, nowSeconds: number): SnapshotRead;
