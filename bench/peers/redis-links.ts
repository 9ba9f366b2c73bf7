/**
 * The Redis peer: one key per link, `SET sha256(token) value PX ttl NX` to mint and `GETDEL` to
 * consume (atomic, so a link is used once), with ioredis's defaults.
 */
import { Redis } from 'ioredis'
import type { JsonObject, LinkService, OpenLink } from '../../src/core/index.ts'
import { answer, INVALID, newToken, peerSlots, tokenHash, PEER_LINK_ID, peerV2 } from './peer-token.ts'

interface Stored {
  p: string
  s: string
  d: JsonObject | null
  e: number
}

export function redisLinks(url: string): LinkService & { readonly redis: Redis } {
  const redis = new Redis(url)
  const toLink = (text: string): OpenLink => {
    const v = JSON.parse(text) as Stored
    return { id: PEER_LINK_ID, purpose: v.p, subject: v.s, data: v.d, expiresAt: new Date(v.e * 1000) }
  }
  return {
    redis,
    async issue(input) {
      const ttl = input.ttl ?? 900
      const expiresAt = Math.ceil(Date.now() / 1000) + ttl
      const { token, hash } = newToken()
      const value: Stored = { p: input.purpose, s: input.subject, d: input.data ?? null, e: expiresAt }
      const set = await redis.set(hash, JSON.stringify(value), 'PX', ttl * 1000, 'NX')
      return set === 'OK' ? { ok: true, id: PEER_LINK_ID, token, expiresAt: new Date(expiresAt * 1000) } : { ok: false, reason: 'capacity' }
    },
    async peek(token, options) {
      const hash = tokenHash(token)
      const text = hash && (await redis.get(hash))
      return text ? answer(toLink(text), options?.purpose) : INVALID
    },
    async consume(token, options) {
      const hash = tokenHash(token)
      const text = hash && (await redis.getdel(hash))
      return text ? answer(toLink(text), options?.purpose) : INVALID
    },
    async revoke(token) {
      const hash = tokenHash(token)
      const text = hash && (await redis.getdel(hash))
      return text ? { ok: true, link: toLink(text) } : INVALID
    },
    async revokeSubject() {
      throw new Error('the Redis peer keeps no index by subject (as the key-per-token design does not)')
    },
    ...peerV2,
    slots: peerSlots(() => redis.dbsize(), async () => void redis.disconnect()),
  }
}
