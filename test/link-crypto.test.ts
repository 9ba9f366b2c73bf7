import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keyring } from '../src/core/keyring.ts'
import { webLinkCrypto } from '../src/core/link-crypto.ts'
import { signToken, verifyToken } from '../src/core/token-codec.ts'
import { nodeLinkCrypto } from '../src/node/node-link-crypto.ts'

const NOW = Date.UTC(2026, 10, 23)

describe('link crypto providers', () => {
  it('compute the same HMAC-SHA256 and SHA-256 as each other and as an independent oracle', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 64 }), fc.uint8Array({ maxLength: 300 }), async (secret, data) => {
        const oracle = createHmac('sha256', Buffer.from(secret)).update(data).digest()
        const web = await webLinkCrypto.hmacSha256(await webLinkCrypto.importHmacKey(secret), data)
        const node = await nodeLinkCrypto.hmacSha256(await nodeLinkCrypto.importHmacKey(secret), data)
        expect(Buffer.from(web)).toEqual(oracle)
        expect(Buffer.from(node)).toEqual(oracle)
        expect(Buffer.from(await nodeLinkCrypto.sha256(data))).toEqual(Buffer.from(await webLinkCrypto.sha256(data)))
      }),
      { numRuns: 200, seed: 20261123 },
    )
  })

  it('the Node provider checks a tag as its own HMAC computes it, and refuses any other', async () => {
    const verify = nodeLinkCrypto.verifyHmacSha256!
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 64 }), fc.uint8Array({ maxLength: 300 }), fc.nat(31), async (secret, data, at) => {
        const key = await nodeLinkCrypto.importHmacKey(secret)
        const tag = createHmac('sha256', Buffer.from(secret)).update(data).digest()
        const wrong = Uint8Array.from(tag)
        wrong[at]! ^= 0x01
        expect(verify(key, data, tag)).toBe(true)
        expect(verify(key, data, wrong)).toBe(false)
        expect(verify(key, data, tag.subarray(0, 31))).toBe(false)
      }),
      { numRuns: 200, seed: 20261124 },
    )
  })

  it('make tokens that either verifies: a Node server and a Worker share links', async () => {
    const secrets = [{ id: 'k1', secret: new Uint8Array(32).fill(4) }]
    const web = await Keyring.fromSecrets(secrets)
    const node = await Keyring.fromSecrets(secrets, nodeLinkCrypto)
    const claims = { purpose: 'magic_login', expiresAt: NOW / 1000 + 60, handle: new Uint8Array(32).fill(1), code: new Uint8Array(16).fill(2) }
    const fromNode = await signToken(node, claims)
    expect(fromNode).toBe(await signToken(web, claims))
    expect(await verifyToken(web, fromNode, NOW)).toMatchObject({ ok: true })
    expect(await verifyToken(node, fromNode, NOW)).toMatchObject({ ok: true })
  })
})
