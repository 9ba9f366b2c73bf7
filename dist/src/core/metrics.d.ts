import type { LinkFailure, LinkObserver } from './link-service.ts';
import type { SlotStats } from './slot-store.ts';
/**
 * Counters for `/metrics`, in the Prometheus text format.
 *
 * Written by hand because prom-client is Node-only and the core also runs on workerd; the format
 * for counters, gauges and one histogram is a few lines.
 */
export declare class Metrics implements LinkObserver {
    #private;
    outcome(operation: 'issue' | 'peek' | 'consume' | 'revoke', result: 'ok' | LinkFailure): void;
    /** Records one HTTP request by route pattern and status. */
    request(method: string, route: string, status: number, seconds: number): void;
    render(slots: SlotStats): string;
}
