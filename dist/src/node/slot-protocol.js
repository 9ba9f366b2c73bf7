/**
 * The messages between the pool (src/node/piscina-slot-store.ts) and a slot worker
 * (workers/slot-worker.ts): the only thing the two sides share.
 */
export function isAnnouncement(message) {
    return typeof message === 'object' && message !== null && message.type === 'slotlink:worker-ready';
}
/**
 * A handle is 16 bytes: the worker incarnation's random epoch (8), the slot index (u32 BE) and
 * the slot generation (u32 BE). The epoch routes the request and lets a replacement worker know
 * the handle belonged to a predecessor; index and generation find the slot.
 */
export const EPOCH_BYTES = 8;
export const HANDLE_BYTES = EPOCH_BYTES + 8;
export function encodeHandle(epoch, index, generation) {
    const handle = new Uint8Array(HANDLE_BYTES);
    handle.set(epoch, 0);
    const view = new DataView(handle.buffer);
    view.setUint32(EPOCH_BYTES, index);
    view.setUint32(EPOCH_BYTES + 4, generation);
    return handle;
}
export function decodeHandle(handle) {
    if (handle.length !== HANDLE_BYTES)
        return undefined;
    const view = new DataView(handle.buffer, handle.byteOffset, handle.byteLength);
    return { epoch: epochKey(handle.subarray(0, EPOCH_BYTES)), index: view.getUint32(EPOCH_BYTES), generation: view.getUint32(EPOCH_BYTES + 4) };
}
export function epochKey(epoch) {
    let hex = '';
    for (const byte of epoch)
        hex += byte.toString(16).padStart(2, '0');
    return hex;
}
