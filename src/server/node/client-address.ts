/**
 * Who the client is, for rate limits and for the routes only this machine may use without a key
 * (/dev/outbox, /metrics outside production). The socket address, unless SLOTLINK_TRUST_PROXY
 * names the proxies in front: then X-Forwarded-For is walked from the right, past each trusted
 * hop, and the first hop that is not a trusted proxy is the client (what a client writes into
 * the header itself sits further left and is never reached).
 */
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import { BlockList, isIP } from 'node:net'

/** The proxies whose X-Forwarded-For is believed. */
export interface TrustedProxies {
  has(address: string): boolean
}

/**
 * Headers that proxies and CDNs add on behalf of someone else. A request carrying any of them was
 * forwarded, so a loopback socket does not make it local unless that proxy is trusted.
 */
const PROXY_HEADERS = ['forwarded', 'via', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip', 'cf-connecting-ip', 'true-client-ip', 'x-client-ip', 'x-cluster-client-ip', 'fastly-client-ip']

/**
 * Parses `10.0.0.0/8, 192.0.2.1, fd00::/8`. Matching is node:net's BlockList (subnets for both
 * families, and IPv4-mapped IPv6 addresses), so no CIDR arithmetic is written here.
 * Throws RangeError with a message that does not quote the input.
 */
export function parseTrustedProxies(text: string): TrustedProxies {
  const list = new BlockList()
  for (const [position, raw] of text.split(',').entries()) {
    const entry = raw.trim()
    const match = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(entry)
    const family = match ? isIP(match[1]!) : 0
    if (!match || family === 0) throw new RangeError(`entry ${position + 1} is not an IP address or CIDR (e.g. 10.0.0.0/8, ::1)`)
    const type = family === 4 ? 'ipv4' : 'ipv6'
    if (match[2] === undefined) {
      list.addAddress(match[1]!, type)
      continue
    }
    const prefix = Number(match[2])
    if (prefix > (family === 4 ? 32 : 128)) throw new RangeError(`entry ${position + 1} has a prefix length out of range`)
    list.addSubnet(match[1]!, prefix, type)
  }
  return { has: (address) => matches(list, address) }
}

function matches(list: BlockList, address: string): boolean {
  const plain = unmapped(address)
  const family = isIP(plain)
  return family !== 0 && list.check(plain, family === 4 ? 'ipv4' : 'ipv6')
}

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) as the IPv4 address it is. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  return mapped ? mapped[1]! : address
}

/** The client's address from the socket's and the X-Forwarded-For header's; see the module comment. */
export function resolveClient(socketAddress: string, forwardedFor: string | undefined, trusted: TrustedProxies | undefined): string {
  let client = unmapped(socketAddress)
  if (!trusted || forwardedFor === undefined || !trusted.has(client)) return client
  const hops = forwardedFor.split(',').map((hop) => hop.trim())
  for (let i = hops.length - 1; i >= 0 && trusted.has(client); i--) {
    const hop = unmapped(hops[i]!)
    // Not an address: the chain cannot be followed further; the last proxy we believe is the client.
    if (isIP(hop) === 0) break
    client = hop
  }
  return client
}

export function isLoopback(address: string): boolean {
  const plain = unmapped(address)
  return plain === '::1' || /^127\./.test(plain)
}

export interface RequestClient {
  /** The client's address, for rate limits. */
  address(c: Context): string | undefined
  /** Whether the client is this machine itself, not someone a proxy on it forwards for. */
  isLocal(c: Context): boolean
}

export function requestClient(trusted: TrustedProxies | undefined): RequestClient {
  const address = (c: Context) => {
    const socket = getConnInfo(c).remote.address
    return socket === undefined ? undefined : resolveClient(socket, c.req.header('x-forwarded-for'), trusted)
  }
  return {
    address,
    isLocal(c) {
      const socket = getConnInfo(c).remote.address
      if (socket === undefined) return false
      if (!trusted || !trusted.has(unmapped(socket))) {
        // Untrusted (or no) proxy: its headers are not believed, and their presence means "forwarded".
        for (const header of PROXY_HEADERS) if (c.req.header(header) !== undefined) return false
        return isLoopback(socket)
      }
      const client = address(c)
      return client !== undefined && isLoopback(client)
    },
  }
}
