/**
 * Compares two byte strings in time that depends only on their lengths.
 *
 * Written by hand because WebCrypto has no compare and `node:crypto.timingSafeEqual` is not
 * available to the runtime-agnostic core; this is the same loop oslo and jose use.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}
