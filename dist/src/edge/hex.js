/**
 * Lowercase hex, the spelling of Durable Object ids. Hand-written because Web APIs have no hex
 * codec yet (Uint8Array.fromHex is not everywhere) and the two loops are shorter than a dependency.
 */
export function bytesToHex(bytes) {
    let hex = '';
    for (const byte of bytes)
        hex += byte.toString(16).padStart(2, '0');
    return hex;
}
/** Undefined for anything but an even-length string of hex digits. */
export function hexToBytes(hex) {
    if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(hex))
        return undefined;
    const bytes = new Uint8Array(hex.length / 2);
    for (let i = 0; i < bytes.length; i++)
        bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    return bytes;
}
