const WIDE = 0x8000;
/** A header that stands for null (a slot with no data). */
export const NULL_TEXT = 0xffff;
/** Subjects are at most 256 characters and data 4 KiB of JSON; this leaves room for both. */
export const MAX_TEXT_BYTES = 0x7ffe;
const LATIN1 = /^[\u0000-\u00ff]*$/;
/** The header `text` will be stored under, or a RangeError if it is too long to store. */
export function textHeader(text) {
    const wide = !LATIN1.test(text);
    const bytes = wide ? text.length * 2 : text.length;
    if (bytes > MAX_TEXT_BYTES)
        throw new RangeError(`a slot string may take at most ${MAX_TEXT_BYTES} bytes`);
    return wide ? bytes | WIDE : bytes;
}
/** Bytes a header's string takes in the arena (0 for null). */
export function textBytes(header) {
    return header === NULL_TEXT ? 0 : header & ~WIDE;
}
/** Writes `text` at `at`; `header` must be `textHeader(text)`. */
export function writeText(arena, at, text, header) {
    if (text === null)
        return;
    arena.write(text, at, header & ~WIDE, header & WIDE ? 'utf16le' : 'latin1');
}
export function readText(arena, at, header) {
    if (header === NULL_TEXT)
        return null;
    return arena.toString(header & WIDE ? 'utf16le' : 'latin1', at, at + (header & ~WIDE));
}
/** Whether two stored strings are the same string. */
export function sameText(arena, at, header, otherAt, otherHeader) {
    if (header !== otherHeader)
        return false;
    const end = at + textBytes(header);
    for (let i = at, j = otherAt; i < end; i++, j++)
        if (arena[i] !== arena[j])
            return false;
    return true;
}
/**
 * A seeded 32-bit hash of a stored string (FNV-1a over the bytes, then murmur3's finalizer so
 * the low bits that pick a hash-table bucket depend on every byte). The per-table random seed
 * keeps an API caller from choosing subjects that all land in one bucket.
 */
export function hashText(arena, at, header, seed) {
    let h = (seed ^ header) >>> 0;
    const end = at + textBytes(header);
    for (let i = at; i < end; i++)
        h = Math.imul(h ^ arena[i], 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
}
