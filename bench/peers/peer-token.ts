/**
 * What the peers share: the usual design of a one-time-link table: a random 32-byte token in the
 * link and only its SHA-256 in the store (phx.gen.auth, Devise, Laravel, Auth.js), and the bits
 * a LinkService needs that these designs have no slot for.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { LinkResult, LinkService, OpenLink } from '../../src/core/index.ts'

/** phx.gen.auth's @rand_size: 32 bytes from a CSPRNG. */
export const TOKEN_BYTES = 32
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/

export const INVALID: LinkResult = { ok: false, reason: 'invalid' }
/** The peers keep no slot handles to derive a public id from; every link answers with this one. */
export const PEER_LINK_ID = 'peer-links-have-no-ids'

/** The v2 LinkService calls these designs have nothing for: typed codes, listing, revoke by id. */
export const peerV2: Pick<LinkService, 'redeem' | 'list' | 'revokeById'> = {
  redeem: async () => INVALID,
  list: async () => [],
  revokeById: async () => false,
}

export function newToken(): { token: string; hash: Buffer } {
  const bytes = randomBytes(TOKEN_BYTES)
  return { token: bytes.toString('base64url'), hash: createHash('sha256').update(bytes).digest() }
}

/** The store key of a token, or undefined for a string that cannot be one of ours. */
export function tokenHash(token: string): Buffer | undefined {
  if (typeof token !== 'string' || !TOKEN_RE.test(token)) return undefined
  return createHash('sha256').update(Buffer.from(token, 'base64url')).digest()
}

/** The link a consume returns, or `invalid` when a purpose was asked for and this is another. */
export function answer(link: OpenLink, purpose: string | undefined): LinkResult {
  return purpose !== undefined && link.purpose !== purpose ? INVALID : { ok: true, link }
}

/**
 * The app's /metrics asks the link service's slot store for counts; the peers have no slots, so
 * this answers that one question from the peer's own count and refuses the rest.
 */
export function peerSlots(count: () => Promise<number>, close: () => Promise<void>): LinkService['slots'] {
  const none = () => Promise.reject(new Error('a benchmark peer keeps no slots'))
  return { open: none, peek: none, consume: none, redeem: none, revoke: none, revokeSubject: none, revokeById: none, list: none, stats: async () => ({ open: await count(), queued: 0 }), close }
}
