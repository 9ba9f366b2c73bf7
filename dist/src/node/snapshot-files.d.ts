export declare const snapshotPath: (dir: string, epoch: string) => string;
/**
 * Claims up to `max` snapshots for this thread by renaming them: of several workers starting at
 * once, each file goes to exactly one. Returns the claimed paths.
 */
export declare function claimSnapshots(dir: string, max: number, claimant: number): string[];
/** Removes leftovers of an interrupted write or load; neither may ever be read. */
export declare function removeStaleSnapshotFiles(dir: string): string[];
/** Snapshot files not yet claimed. */
export declare function listSnapshots(dir: string): string[];
