/**
 * The rate-limit key for a client address. IPv4 as it is; IPv6 by its /64, because one household
 * or one server is handed a whole /64 and can pick a fresh address in it for every request, so
 * limiting per address would limit nothing. Runtime-agnostic (the edge passes CF-Connecting-IP).
 *
 * @example
 * rateLimitClientKey('2001:db8:1:2::9') // '2001:db8:1:2::/64'
 */
export function rateLimitClientKey(address: string | undefined): string {
  if (!address) return 'unknown'
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return mapped[1]!
  if (!address.includes(':')) return address.slice(0, 64)
  const groups = expandIpv6(address)
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : address.slice(0, 64)
}

/**
 * The eight groups of an IPv6 address, lower case without leading zeros, or undefined. Written
 * here because the demo runs on Workers too, where node:net is not there; the shape is small.
 */
function expandIpv6(address: string): string[] | undefined {
  const plain = address.replace(/%.*$/, '').toLowerCase()
  const halves = plain.split('::')
  if (halves.length > 2) return undefined
  const part = (text: string) => (text === '' ? [] : text.split(':'))
  const head = part(halves[0]!)
  const tail = halves.length === 2 ? part(halves[1]!) : []
  // An embedded IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) stands for two groups; only the first four matter here.
  const last = tail.length > 0 ? tail : head
  if (last.length > 0 && last[last.length - 1]!.includes('.')) last.splice(last.length - 1, 1, '0', '0')
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined
  return groups.map((g) => g.replace(/^0+(?=.)/, ''))
}
