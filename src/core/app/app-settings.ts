/**
 * The settings every way of running slotlink shares (the Node server, the library's `routes()`,
 * the edge worker), checked in one place so that the invariants cannot drift apart: the server's
 * and the edge's configuration readers call these and name their variable, and `createApp` calls
 * them again, so a host that builds the app itself gets the same guarantees.
 */
import { MIN_API_KEY_LENGTH } from '../limits.ts'
import { SlotlinkError } from '../slotlink-error.ts'

/** Why an API key is refused, or undefined for a good one. Never includes the key. */
export function apiKeyProblem(apiKey: unknown): string | undefined {
  if (typeof apiKey !== 'string' || apiKey === '') return 'is missing'
  if (apiKey.length < MIN_API_KEY_LENGTH || /\s/.test(apiKey)) return `must be at least ${MIN_API_KEY_LENGTH} characters with no spaces`
  return undefined
}

export interface PublicUrl {
  /** `https://auth.example.com` */
  readonly origin: string
  /** The path prefix slotlink is mounted under, `''` or e.g. `/auth` (no trailing slash). */
  readonly basePath: string
  /** origin + basePath: what link URLs start with. */
  readonly href: string
}

/** Parses a public URL: an absolute http(s) origin with an optional path prefix, and nothing else. */
export function parsePublicUrl(value: unknown): PublicUrl | { problem: string } {
  if (typeof value !== 'string' || value === '') return { problem: 'is missing' }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return { problem: 'must be an absolute URL such as https://auth.example.com' }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: 'must be an http(s) URL' }
  // Credentials, a query or a fragment would be copied into every link.
  if (url.username || url.password || url.search || url.hash) return { problem: 'must not carry credentials, a query or a fragment' }
  const basePath = url.pathname.replace(/\/+$/, '')
  return { origin: url.origin, basePath, href: url.origin + basePath }
}

/** The checks createApp makes, as one typed error a host can switch on. */
export function checkAppSettings(options: { apiKey: unknown; publicUrl: unknown }): { apiKey: string; publicUrl: PublicUrl } {
  const keyProblem = apiKeyProblem(options.apiKey)
  if (keyProblem) throw new SlotlinkError('ERR_SLOTLINK_API_KEY', `apiKey ${keyProblem}`)
  const publicUrl = parsePublicUrl(options.publicUrl)
  if ('problem' in publicUrl) throw new SlotlinkError('ERR_SLOTLINK_PUBLIC_URL', `publicUrl ${publicUrl.problem}`)
  return { apiKey: options.apiKey as string, publicUrl }
}
