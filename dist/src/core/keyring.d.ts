import { type LinkCrypto } from './link-crypto.ts';
/** One HMAC key, named by the id that tokens carry so that verification knows which key to use. */
export interface LinkKey {
    readonly id: string;
    /** The key as the keyring's crypto provider prepared it (a CryptoKey, a KeyObject, ...). */
    readonly key: unknown;
}
/**
 * The keys that sign and verify links. The first key signs; every key verifies, so a new key can
 * be put first while links signed with the old one live out their time (rotation).
 */
export declare class Keyring {
    #private;
    readonly signing: LinkKey;
    /** The primitives these keys were prepared for; the codec and link hashing use them too. */
    readonly crypto: LinkCrypto;
    constructor(keys: readonly LinkKey[], linkCrypto?: LinkCrypto);
    find(id: string): LinkKey | undefined;
    /**
     * The key whose id is spelled by `length` bytes of `bytes` from `at`: what verifying a token
     * needs, without building a string for every forgery. A keyring holds a handful of keys, and ids
     * are not secret, so a plain scan is both fastest and fine.
     */
    findByEncodedId(bytes: Uint8Array, at: number, length: number): LinkKey | undefined;
    /**
     * Builds a keyring from raw secrets.
     *
     * @example
     * const keyring = await Keyring.fromSecrets([{ id: '2026a', secret: crypto.getRandomValues(new Uint8Array(32)) }])
     */
    static fromSecrets(secrets: readonly {
        id: string;
        secret: Uint8Array;
    }[], linkCrypto?: LinkCrypto): Promise<Keyring>;
    /** A keyring with one random key: links signed with it die with the process. */
    static random(linkCrypto?: LinkCrypto): Promise<Keyring>;
}
/**
 * Parses `SLOTLINK_KEYS`: comma-separated `kid:secret`, secret in base64url of at least 32 bytes.
 * Throws a RangeError whose message names the problem but never echoes a secret.
 */
export declare function parseKeySpec(spec: string): {
    id: string;
    secret: Uint8Array;
}[];
