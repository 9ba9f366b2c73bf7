import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto'
import type { LinkCrypto } from '../core/link-crypto.ts'

/**
 * node:crypto for links: synchronous, so a mint or a consume costs no hop through libuv's thread
 * pool (WebCrypto on Node runs each HMAC and digest as a thread-pool job). Same bytes as
 * WebCrypto; test/link-crypto.test.ts holds the two side by side.
 */
export const nodeLinkCrypto: LinkCrypto<KeyObject> = {
  importHmacKey: (secret) => createSecretKey(secret),
  hmacSha256: (key, data) => createHmac('sha256', key).update(data).digest(),
  sha256: (data) => createHash('sha256').update(data).digest(),
}
