import { CODE_BYTES, CODE_HASH_BYTES } from "./limits.js";
import { IssueInput } from "./schemas.js";
import { signToken, verifyToken } from "./token-codec.js";
const webRandomBytes = (length) => crypto.getRandomValues(new Uint8Array(length));
/**
 * The link policy, runtime-agnostic: tokens are checked by arithmetic first (format, key, tag,
 * expiry, purpose) and only a token that passes all of that reaches its slot.
 *
 * @example
 * const links = createLinkService({ keyring: await Keyring.random(), slots })
 * const issued = await links.issue({ purpose: 'reset_password', subject: 'user-42' })
 * if (issued.ok) await links.consume(issued.token) // { ok: true, link: { subject: 'user-42', ... } }
 */
export function createLinkService(options) {
    const { keyring, slots } = options;
    const now = options.now ?? Date.now;
    const randomBytes = options.randomBytes ?? webRandomBytes;
    const observer = options.observer;
    const report = (operation, result) => {
        observer?.outcome(operation, result.ok ? 'ok' : result.reason);
        return result;
    };
    async function ask(operation, token, purpose) {
        // Everything a token can be refused for without asking its slot comes first.
        const verified = await verifyToken(keyring, token, now());
        if (!verified.ok)
            return report(operation, verified);
        const { claims } = verified;
        // A purpose mismatch is `invalid`, like a forgery: a reset link must not confirm an email.
        if (purpose !== undefined && claims.purpose !== purpose)
            return report(operation, { ok: false, reason: 'invalid' });
        const answer = await slots[operation](claims.handle, await hashCode(keyring.crypto, claims.code));
        if (!answer.ok)
            return report(operation, { ok: false, reason: answer.reason, purpose: claims.purpose });
        return report(operation, { ok: true, link: toOpenLink(answer.slot, claims) });
    }
    return {
        slots,
        async issue(input) {
            const { purpose, subject, ttl, data } = IssueInput.parse(input);
            const expiresAt = Math.ceil(now() / 1000) + ttl;
            const code = randomBytes(CODE_BYTES);
            const opened = await slots.open({ purpose, subject, data: data ?? null, expiresAt, codeHash: await hashCode(keyring.crypto, code) });
            if (!opened.ok)
                return report('issue', opened);
            const token = await signToken(keyring, { purpose, expiresAt, handle: opened.handle, code });
            return report('issue', { ok: true, token, expiresAt: new Date(expiresAt * 1000) });
        },
        peek: (token, opts) => ask('peek', token, opts?.purpose),
        consume: (token, opts) => ask('consume', token, opts?.purpose),
        revoke: (token) => ask('revoke', token),
        revokeSubject: (subject, purpose) => slots.revokeSubject(subject, purpose),
    };
}
/** The slot keeps only this, so a dump of slot memory or a snapshot cannot be turned into links. */
export async function hashCode(linkCrypto, code) {
    return (await linkCrypto.sha256(code)).slice(0, CODE_HASH_BYTES);
}
function toOpenLink(slot, claims) {
    // Purpose and expiry come from the signed token, the rest from the slot.
    return { purpose: claims.purpose, subject: slot.subject, data: slot.data, expiresAt: new Date(claims.expiresAt * 1000) };
}
