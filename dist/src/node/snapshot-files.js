/**
 * Where slot snapshots live and who may read them: the file names both sides of the Node slot
 * store agree on. The pool (piscina-slot-store.ts) clears leftovers and counts unclaimed files;
 * each worker (workers/slot-worker.ts) claims its share and reads the format (workers/slot-snapshot.ts).
 */
import { readdirSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
const SNAPSHOT_NAME_RE = /^slots-([0-9a-f]{16})\.snapshot$/;
export const snapshotPath = (dir, epoch) => join(dir, `slots-${epoch}.snapshot`);
/**
 * Claims up to `max` snapshots for this thread by renaming them: of several workers starting at
 * once, each file goes to exactly one. Returns the claimed paths.
 */
export function claimSnapshots(dir, max, claimant) {
    const claimed = [];
    for (const name of safeList(dir)) {
        if (claimed.length >= max)
            break;
        if (!SNAPSHOT_NAME_RE.test(name))
            continue;
        const claimedPath = join(dir, `${name}.claimed-${claimant}`);
        try {
            renameSync(join(dir, name), claimedPath);
            claimed.push(claimedPath);
        }
        catch {
            // Another worker claimed it first.
        }
    }
    return claimed;
}
/** Removes leftovers of an interrupted write or load; neither may ever be read. */
export function removeStaleSnapshotFiles(dir) {
    const removed = [];
    for (const name of safeList(dir)) {
        if (/\.snapshot\.tmp$/.test(name) || /\.snapshot\.claimed-\d+$/.test(name)) {
            try {
                unlinkSync(join(dir, name));
                removed.push(name);
            }
            catch {
                // Gone already.
            }
        }
    }
    return removed;
}
/** Snapshot files not yet claimed. */
export function listSnapshots(dir) {
    return safeList(dir).filter((name) => SNAPSHOT_NAME_RE.test(name));
}
function safeList(dir) {
    try {
        return readdirSync(dir).sort();
    }
    catch {
        return [];
    }
}
