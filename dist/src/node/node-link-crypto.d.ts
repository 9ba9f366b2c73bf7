import type { LinkCrypto } from '../core/link-crypto.ts';
import { HmacSha256 } from './sha256.ts';
/**
 * Link crypto for Node: synchronous, so a mint or a consume costs no hop through libuv's thread
 * pool (WebCrypto on Node runs each HMAC and digest as a thread-pool job), and in plain JS rather
 * than node:crypto, whose per-call OpenSSL context cost 9 µs per HMAC in the busy server against
 * 2.6 µs (see core/sha256.ts). Same bytes as WebCrypto; test/link-crypto.test.ts holds the two
 * side by side.
 */
export declare const nodeLinkCrypto: LinkCrypto<HmacSha256>;
