/**
 * SHA-256 and HMAC-SHA256 (FIPS 180-4, RFC 2104) in plain JavaScript: synchronous, Web-API-free,
 * and cheap for the short inputs links are made of.
 *
 * Why by hand, when node:crypto and WebCrypto exist: every `createHmac` or `createHash` call
 * builds a fresh OpenSSL 3 context. Timed with hrtime around each call inside the bench's busy
 * server, an HMAC of a link took 9.0 µs through node:crypto and 2.6 µs here: an `HmacSha256`
 * absorbs its key's two pads once, when it is made, so a link costs three compressions and no
 * allocation but its result, and checking a link's tag (`verify`) allocates nothing. WebCrypto is
 * asynchronous, and on Node runs each call on libuv's thread pool. @noble/hashes, the audited
 * pure-JS choice, took 3.7 to 6 µs per HMAC in a tight loop even from a cloned keyed state: its
 * general streaming classes cost more than the hashing.
 *
 * Timing: no branch and no array index depends on the data or the key; only the data's length
 * decides how many blocks are compressed. test/sha256.test.ts holds these functions to the FIPS
 * and RFC 4231 vectors and to node:crypto over random keys and inputs.
 */
const BLOCK_BYTES = 64;
export const SHA256_BYTES = 32;
const K = Int32Array.of(0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2);
const INITIAL_STATE = Int32Array.of(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19);
// Scratch space, shared by every call: the functions below are synchronous, so no two calls overlap.
const schedule = new Int32Array(64);
const state = new Int32Array(8);
const tail = new Uint8Array(2 * BLOCK_BYTES);
/** One SHA-256 compression of the 64 bytes at `at` into `h`. */
function compress(h, bytes, at) {
    const w = schedule;
    for (let i = 0; i < 16; i++, at += 4)
        w[i] = (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
    compressSchedule(h);
}
/** One compression into `h` of the block whose 16 big-endian words are already in `schedule`. */
function compressSchedule(h) {
    const w = schedule;
    for (let i = 16; i < 64; i++) {
        const x = w[i - 15];
        const y = w[i - 2];
        const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (let i = 0; i < 64; i++) {
        const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const t1 = (k + s1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
    }
    h[0] = (h[0] + a) | 0;
    h[1] = (h[1] + b) | 0;
    h[2] = (h[2] + c) | 0;
    h[3] = (h[3] + d) | 0;
    h[4] = (h[4] + e) | 0;
    h[5] = (h[5] + f) | 0;
    h[6] = (h[6] + g) | 0;
    h[7] = (h[7] + k) | 0;
}
function writeUint32(bytes, at, value) {
    bytes[at] = value >>> 24;
    bytes[at + 1] = value >>> 16;
    bytes[at + 2] = value >>> 8;
    bytes[at + 3] = value;
}
/**
 * Hashes `data` on from `start`, a state that has already absorbed `absorbed` bytes (whole
 * blocks), leaving the digest's words in `state`.
 */
function absorbFrom(start, absorbed, data) {
    // Eight words by hand: a typed array's set() is a call into the runtime that costs more.
    for (let i = 0; i < 8; i++)
        state[i] = start[i];
    const whole = data.length - (data.length % BLOCK_BYTES);
    for (let at = 0; at < whole; at += BLOCK_BYTES)
        compress(state, data, at);
    // Padding: 0x80, zeros, then the length in bits as a 64-bit big-endian number; one more block
    // when the rest of the data leaves no room for the nine bytes. Copied by hand: a subarray and
    // a fill of the whole scratch cost more than the few bytes moved.
    const rest = data.length - whole;
    const tailBytes = rest < BLOCK_BYTES - 8 ? BLOCK_BYTES : 2 * BLOCK_BYTES;
    for (let i = 0; i < rest; i++)
        tail[i] = data[whole + i];
    tail[rest] = 0x80;
    for (let i = rest + 1; i < tailBytes - 8; i++)
        tail[i] = 0;
    const bits = (absorbed + data.length) * 8;
    writeUint32(tail, tailBytes - 8, Math.floor(bits / 0x1_0000_0000));
    writeUint32(tail, tailBytes - 4, bits >>> 0);
    compress(state, tail, 0);
    if (tailBytes > BLOCK_BYTES)
        compress(state, tail, BLOCK_BYTES);
}
function writeDigest(out) {
    for (let i = 0; i < 8; i++)
        writeUint32(out, 4 * i, state[i]);
    return out;
}
/** SHA-256 of `data`. */
export function sha256(data) {
    absorbFrom(INITIAL_STATE, 0, data);
    return writeDigest(new Uint8Array(SHA256_BYTES));
}
/**
 * An HMAC-SHA256 key, ready to sign: the states after the key's inner and outer pads are
 * computed here, once, and each `sign` starts from them.
 *
 * @example
 * const mac = new HmacSha256(secret)
 * const tag = mac.sign(bytes) // 32 bytes, as crypto.subtle.sign('HMAC', key, bytes)
 */
export class HmacSha256 {
    #inner = new Int32Array(8);
    #outer = new Int32Array(8);
    constructor(secret) {
        const pad = new Uint8Array(BLOCK_BYTES);
        if (secret.length > BLOCK_BYTES) {
            // RFC 2104: a key longer than a block is replaced by its hash.
            const hashed = sha256(secret);
            pad.set(hashed);
            hashed.fill(0);
        }
        else
            pad.set(secret);
        for (const [into, byte] of [[this.#inner, 0x36], [this.#outer, 0x5c]]) {
            const keyed = pad.map((b) => b ^ byte);
            into.set(INITIAL_STATE);
            compress(into, keyed, 0);
            keyed.fill(0);
        }
        // Leave no key material in the shared scratch space (hashing a long key passed through it).
        for (const scratch of [pad, schedule, state, tail])
            scratch.fill(0);
    }
    /** HMAC-SHA256 of `data` under this key. */
    sign(data) {
        this.#hash(data);
        return writeDigest(new Uint8Array(SHA256_BYTES));
    }
    /**
     * Whether `tag` is the HMAC-SHA256 of `data` under this key, in time that depends only on the
     * data's length: every byte of the tag is compared whatever the earlier ones were. What a
     * verifier needs, as `crypto.subtle.verify`, without building the expected tag as bytes.
     */
    verify(data, tag) {
        if (tag.length !== SHA256_BYTES)
            return false;
        this.#hash(data);
        let diff = 0;
        for (let i = 0, at = 0; i < 8; i++, at += 4) {
            diff |= state[i] ^ ((tag[at] << 24) | (tag[at + 1] << 16) | (tag[at + 2] << 8) | tag[at + 3]);
        }
        return diff === 0;
    }
    /** Leaves the HMAC's words in `state`. */
    #hash(data) {
        absorbFrom(this.#inner, BLOCK_BYTES, data);
        // The outer hash's one block is the inner digest and its padding: its words go straight into
        // the schedule, with no round trip through bytes.
        for (let i = 0; i < 8; i++)
            schedule[i] = state[i];
        schedule[8] = 0x80000000 | 0;
        for (let i = 9; i < 15; i++)
            schedule[i] = 0;
        schedule[15] = (BLOCK_BYTES + SHA256_BYTES) * 8;
        for (let i = 0; i < 8; i++)
            state[i] = this.#outer[i];
        compressSchedule(state);
    }
}
