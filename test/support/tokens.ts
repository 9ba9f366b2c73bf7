import { decodeBase64UrlStrict } from '../../src/core/base64url.ts'
import { decodeHandle } from '../../src/node/slot-protocol.ts'

/** The epoch (Node worker incarnation) that a token's slot handle names. */
export function epochOf(token: string): string {
  const bytes = decodeBase64UrlStrict(token)!
  // version, kid, purpose, expiry, then the handle's length byte and the handle.
  let at = 1
  at += 1 + bytes[at]!
  at += 1 + bytes[at]!
  at += 4
  const handle = bytes.subarray(at + 1, at + 1 + bytes[at]!)
  return decodeHandle(handle)!.epoch
}
