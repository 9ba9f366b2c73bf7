/**
 * Random bytes drawn from a buffer filled a few KiB at a time, as Node's own `randomUUID` does.
 *
 * Written by hand for speed: every mint draws 16 bytes, and on Node each `getRandomValues` call
 * is a trip into OpenSSL with a fixed cost. Under 64-connection mint load a V8 profile put 15 % of
 * the HTTP thread's samples in `randomFillSync`, all from one `getRandomValues(new Uint8Array(16))`
 * per code; in a quiet loop (Node 20) that call costs ~5 µs, against ~80 ns for 16 bytes copied
 * from a 4 KiB buffer refilled the same way (bench/README.md, "Where the time goes").
 *
 * The rules that keep it as good as calling the CSPRNG each time:
 * - each byte is handed out once and never to two callers: the read position only moves forward,
 *   and a request that does not fit in what is left refills the buffer (the rest is dropped);
 * - a caller gets its own copy, which a later refill cannot change; the pool's copy is zeroed, so
 *   the buffer holds no byte already handed out;
 * - the first fill happens on the first draw, not at construction: Workers refuse random numbers
 *   in global scope, where a service may be built.
 */
export class RandomBytePool {
  readonly #fill: (buffer: Uint8Array) => void
  readonly #buffer: Uint8Array
  /** Where the next unused byte is; `length` means the buffer is spent. */
  #next: number

  /**
   * @param fill a CSPRNG writing into the whole buffer it is given (default: WebCrypto's
   *   `getRandomValues`, which takes at most 65,536 bytes)
   */
  constructor(size = POOL_BYTES, fill: (buffer: Uint8Array) => void = (buffer) => void crypto.getRandomValues(buffer)) {
    this.#fill = fill
    this.#buffer = new Uint8Array(size)
    this.#next = size
  }

  /** `length` fresh random bytes, in a new array the caller owns. */
  take(length: number): Uint8Array {
    const size = this.#buffer.length
    if (length > size) {
      const own = new Uint8Array(length)
      this.#fill(own)
      return own
    }
    if (size - this.#next < length) {
      this.#fill(this.#buffer)
      this.#next = 0
    }
    const start = this.#next
    this.#next += length
    const taken = this.#buffer.slice(start, this.#next)
    this.#buffer.fill(0, start, this.#next)
    return taken
  }
}

/** 4 KiB: 256 codes per refill, so the CSPRNG's per-call cost falls to a few ns a code, in a buffer small enough not to matter. */
export const POOL_BYTES = 4096
