import { decodeBase64UrlStrict } from "./base64url.js";
import { webLinkCrypto } from "./link-crypto.js";
import { KEY_ID_RE, MIN_SECRET_BYTES } from "./limits.js";
/**
 * The keys that sign and verify links. The first key signs; every key verifies, so a new key can
 * be put first while links signed with the old one live out their time (rotation).
 */
export class Keyring {
    signing;
    /** The primitives these keys were prepared for; the codec and link hashing use them too. */
    crypto;
    #byId;
    /** Each key's id as the bytes tokens carry (ASCII: the constructor checks KEY_ID_RE), in keyring order. */
    #encodedIds;
    constructor(keys, linkCrypto = webLinkCrypto) {
        this.crypto = linkCrypto;
        if (keys.length === 0)
            throw new RangeError('a keyring needs at least one key');
        // Tokens carry the id as ASCII bytes; findByEncodedId relies on it.
        for (const { id } of keys)
            if (!KEY_ID_RE.test(id))
                throw new RangeError(`key id ${JSON.stringify(id)} must match ${KEY_ID_RE}`);
        this.signing = keys[0];
        this.#byId = new Map(keys.map((k) => [k.id, k]));
        if (this.#byId.size !== keys.length)
            throw new RangeError('key ids must be unique');
        this.#encodedIds = keys.map((k) => [new TextEncoder().encode(k.id), k]);
    }
    find(id) {
        return this.#byId.get(id);
    }
    /**
     * The key whose id is spelled by `length` bytes of `bytes` from `at`: what verifying a token
     * needs, without building a string for every forgery. A keyring holds a handful of keys, and ids
     * are not secret, so a plain scan is both fastest and fine.
     */
    findByEncodedId(bytes, at, length) {
        for (const [id, key] of this.#encodedIds) {
            if (id.length !== length)
                continue;
            let i = 0;
            while (i < length && id[i] === bytes[at + i])
                i++;
            if (i === length)
                return key;
        }
        return undefined;
    }
    /**
     * Builds a keyring from raw secrets.
     *
     * @example
     * const keyring = await Keyring.fromSecrets([{ id: '2026a', secret: crypto.getRandomValues(new Uint8Array(32)) }])
     */
    static async fromSecrets(secrets, linkCrypto = webLinkCrypto) {
        const keys = await Promise.all(secrets.map(async ({ id, secret }) => {
            if (!KEY_ID_RE.test(id))
                throw new RangeError(`key id ${JSON.stringify(id)} must match ${KEY_ID_RE}`);
            if (secret.length < MIN_SECRET_BYTES)
                throw new RangeError(`key ${id} must have at least ${MIN_SECRET_BYTES} bytes`);
            return { id, key: await linkCrypto.importHmacKey(secret) };
        }));
        return new Keyring(keys, linkCrypto);
    }
    /** A keyring with one random key: links signed with it die with the process. */
    static random(linkCrypto = webLinkCrypto) {
        return Keyring.fromSecrets([{ id: 'boot', secret: crypto.getRandomValues(new Uint8Array(MIN_SECRET_BYTES)) }], linkCrypto);
    }
}
/**
 * Parses `SLOTLINK_KEYS`: comma-separated `kid:secret`, secret in base64url of at least 32 bytes.
 * Throws a RangeError whose message names the problem but never echoes a secret.
 */
export function parseKeySpec(spec) {
    const entries = spec.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (entries.length === 0)
        throw new RangeError('expected at least one kid:secret entry');
    return entries.map((entry, i) => {
        const colon = entry.indexOf(':');
        if (colon < 0)
            throw new RangeError(`entry ${i + 1} is not of the form kid:secret`);
        const id = entry.slice(0, colon);
        if (!KEY_ID_RE.test(id))
            throw new RangeError(`entry ${i + 1}: key id must match ${KEY_ID_RE}`);
        const secret = decodeBase64UrlStrict(entry.slice(colon + 1));
        if (!secret)
            throw new RangeError(`entry ${i + 1} (${id}): secret is not unpadded base64url`);
        if (secret.length < MIN_SECRET_BYTES)
            throw new RangeError(`entry ${i + 1} (${id}): secret must be at least ${MIN_SECRET_BYTES} bytes`);
        return { id, secret };
    });
}
