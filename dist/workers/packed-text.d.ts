/**
 * Strings packed into a byte arena without a JS string per slot. A string is stored as one byte
 * per character when every character is below U+0100 (Latin-1: every ASCII subject and most
 * JSON), else as its UTF-16 code units. Both forms give back exactly the string that went in,
 * lone surrogates included, which UTF-8 (TextEncoder) would not.
 *
 * A string's header is its byte length, with WIDE set for the UTF-16 form; the header fits a
 * Uint16Array cell, so the longest string is MAX_TEXT_BYTES.
 */
import type { Buffer } from 'node:buffer';
/** A header that stands for null (a slot with no data). */
export declare const NULL_TEXT = 65535;
/** Subjects are at most 256 characters and data 4 KiB of JSON; this leaves room for both. */
export declare const MAX_TEXT_BYTES = 32766;
/** The header `text` will be stored under, or a RangeError if it is too long to store. */
export declare function textHeader(text: string): number;
/** Bytes a header's string takes in the arena (0 for null). */
export declare function textBytes(header: number): number;
/** Writes `text` at `at`; `header` must be `textHeader(text)`. */
export declare function writeText(arena: Buffer, at: number, text: string | null, header: number): void;
export declare function readText(arena: Buffer, at: number, header: number): string | null;
/** Whether two stored strings are the same string. */
export declare function sameText(arena: Buffer, at: number, header: number, otherAt: number, otherHeader: number): boolean;
/**
 * A seeded 32-bit hash of a stored string (FNV-1a over the bytes, then murmur3's finalizer so
 * the low bits that pick a hash-table bucket depend on every byte). The per-table random seed
 * keeps an API caller from choosing subjects that all land in one bucket.
 */
export declare function hashText(arena: Buffer, at: number, header: number, seed: number): number;
