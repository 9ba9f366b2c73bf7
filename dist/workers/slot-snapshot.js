/**
 * Slot snapshots: what lets open links survive an ordinary deploy (graceful stop, then start).
 *
 * A snapshot holds one table's open slots, with only the hash of each code, so the file cannot be
 * turned into working links. It is written atomically (temp file, fsync, rename, fsync of the
 * folder) and sealed with a SHA-256 of its contents, so a torn or edited file is refused whole.
 * It is read at most once: claimed by an atomic rename (src/node/snapshot-files.ts), then deleted
 * before the service answers its first request, so a crash later can never bring back a link that
 * was used after the load. This file is the worker side: the format, written and read.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { snapshotPath } from "../src/node/snapshot-files.js";
export const SNAPSHOT_FORMAT = 'slotlink-slot-snapshot';
export const SNAPSHOT_VERSION = 1;
/** Subjects and data are personal data: only the service's own user may read the file. */
const FILE_MODE = 0o600;
/** Lines are written in batches of about this many characters, to keep memory flat for big tables. */
const WRITE_BATCH_CHARS = 1 << 20;
/** Writes one table's open slots; returns how many. Entries already expired are left out. */
export function writeSnapshot(dir, epoch, entries, nowSeconds) {
    const finalPath = snapshotPath(dir, epoch);
    const tempPath = join(dir, `.slots-${epoch}.snapshot.tmp`);
    const hash = createHash('sha256');
    const fd = openSync(tempPath, 'w', FILE_MODE);
    let count = 0;
    try {
        let batch = '';
        const flush = () => {
            if (batch === '')
                return;
            hash.update(batch);
            writeSync(fd, batch);
            batch = '';
        };
        batch += JSON.stringify({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, epoch, writtenAt: nowSeconds }) + '\n';
        for (const { address, fields, codeHash } of entries) {
            if (fields.expiresAt <= nowSeconds)
                continue;
            batch +=
                JSON.stringify([address.index, address.generation, fields.expiresAt, fields.purpose, fields.subject, fields.data, Buffer.from(codeHash).toString('base64')]) +
                    '\n';
            count++;
            if (batch.length >= WRITE_BATCH_CHARS)
                flush();
        }
        flush();
        writeSync(fd, JSON.stringify({ count, sha256: hash.digest('hex') }) + '\n');
        fsyncSync(fd);
    }
    finally {
        closeSync(fd);
    }
    renameSync(tempPath, finalPath);
    syncFolder(dir);
    return count;
}
/** Reads and verifies a claimed snapshot, then deletes it whatever it held. Never throws. */
export function readAndRemoveSnapshot(path, nowSeconds) {
    try {
        return parseSnapshot(readFileSync(path, 'utf8'), nowSeconds);
    }
    catch (error) {
        return { ok: false, reason: `unreadable (${error.code ?? 'error'})` };
    }
    finally {
        try {
            unlinkSync(path);
        }
        catch {
            // Already gone: nothing can read it again either way.
        }
    }
}
export function parseSnapshot(text, nowSeconds) {
    if (!text.endsWith('\n'))
        return { ok: false, reason: 'truncated' };
    const trailerStart = text.lastIndexOf('\n', text.length - 2) + 1;
    const body = text.slice(0, trailerStart);
    const lines = body.split('\n');
    lines.pop();
    let header;
    let trailer;
    try {
        header = JSON.parse(lines[0] ?? '');
        trailer = JSON.parse(text.slice(trailerStart));
    }
    catch {
        return { ok: false, reason: 'corrupt' };
    }
    if (header.format !== SNAPSHOT_FORMAT)
        return { ok: false, reason: 'not a slot snapshot' };
    if (header.version !== SNAPSHOT_VERSION)
        return { ok: false, reason: `incompatible version ${String(header.version)}` };
    if (typeof header.epoch !== 'string' || !/^[0-9a-f]{16}$/.test(header.epoch))
        return { ok: false, reason: 'corrupt' };
    if (trailer.sha256 !== createHash('sha256').update(body).digest('hex') || trailer.count !== lines.length - 1) {
        return { ok: false, reason: 'checksum mismatch (truncated or corrupt)' };
    }
    const entries = [];
    let droppedExpired = 0;
    for (let i = 1; i < lines.length; i++) {
        const row = JSON.parse(lines[i]);
        const [index, generation, expiresAt, purpose, subject, data, codeHash] = row;
        if (expiresAt <= nowSeconds) {
            droppedExpired++;
            continue;
        }
        entries.push({ address: { index, generation }, fields: { purpose, subject, data, expiresAt }, codeHash: new Uint8Array(Buffer.from(codeHash, 'base64')) });
    }
    return { ok: true, epoch: header.epoch, entries, droppedExpired };
}
function syncFolder(dir) {
    // Makes the rename itself durable; not every platform can fsync a folder, which is fine.
    try {
        const fd = openSync(dir, 'r');
        try {
            fsyncSync(fd);
        }
        finally {
            closeSync(fd);
        }
    }
    catch {
        /* best effort */
    }
}
