/** Where the icon is served. Browsers ask for /favicon.ico on every page unless told otherwise. */
export const FAVICON_PATH = '/favicon.ico'

/**
 * A 16×16 icon (the accent blue square with a white key slot), 134 bytes as one PNG inside an ICO
 * container, which every browser reads. Inline so the core needs no file system and the edge no
 * asset binding; without it every page load logs a 404.
 */
const FAVICON_BASE64 =
  'AAABAAEAEBAAAAEAIABwAAAAFgAAAIlQTkcNChoKAAAADUlIRFIAAAAQAAAAEAgGAAAAH/P/YQAAADdJREFUeNpjYIACWb8b/0nBDMiAVM0ohpCrGW4ITQzABehnALpBZIfBqAFUMIA+KZHizERpdgYApKRQd5iV5zkAAAAASUVORK5CYII='

export const FAVICON_BYTES: Uint8Array<ArrayBuffer> = Uint8Array.from(atob(FAVICON_BASE64), (char) => char.charCodeAt(0))
