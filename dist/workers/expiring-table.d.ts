import { SlotTable } from './slot-table.ts';
/**
 * A slot table with one timer, set for its soonest expiry: slots free themselves on time with no
 * traffic and no sweeper job, at the cost of one timer per table rather than one per slot.
 */
export declare class ExpiringTable {
    #private;
    readonly table: SlotTable;
    /** Slots freed by their timer, for the metrics. */
    expired: number;
    constructor(table: SlotTable, nowMs?: () => number);
    /** Call after adding slots: re-arms the timer if a new slot expires sooner than it is set for. */
    schedule(): void;
    stop(): void;
}
