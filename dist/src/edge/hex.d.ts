/**
 * Lowercase hex, the spelling of Durable Object ids. Hand-written because Web APIs have no hex
 * codec yet (Uint8Array.fromHex is not everywhere) and the two loops are shorter than a dependency.
 */
export declare function bytesToHex(bytes: Uint8Array): string;
/** Undefined for anything but an even-length string of hex digits. */
export declare function hexToBytes(hex: string): Uint8Array | undefined;
