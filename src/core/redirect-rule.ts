/**
 * Where `redirect` may send a browser with a live token in its query (contract v2): https, or
 * plain http only to this machine (development); never a URL with credentials in it (it hides
 * the real host from people reading it: `https://bank.example@evil.example/`); and, when the
 * operator lists origins (SLOTLINK_REDIRECT_ORIGINS), only to one of those. Without the list a
 * stolen API key could still point links anywhere https; the list is what closes that.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Why `redirect` is refused, for the 400's message; undefined when it is allowed. */
export function redirectProblem(redirect: string, allowedOrigins: readonly string[] | undefined): string | undefined {
  let url: URL
  try {
    url = new URL(redirect)
  } catch {
    return 'redirect must be an absolute URL'
  }
  if (url.username !== '' || url.password !== '') return 'redirect must not contain a user name or password'
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return 'redirect must be https (plain http only to localhost)'
  if (allowedOrigins && !allowedOrigins.includes(url.origin)) return 'redirect must point to one of the origins in SLOTLINK_REDIRECT_ORIGINS'
  return undefined
}

/**
 * Parses SLOTLINK_REDIRECT_ORIGINS (`https://app.example.com, http://localhost:5173`) into
 * origins; throws RangeError, without quoting the value, for an entry that is not a bare origin.
 */
export function parseRedirectOrigins(text: string): string[] {
  return text.split(',').map((raw, i) => {
    const entry = raw.trim()
    let url: URL | undefined
    try {
      url = new URL(entry)
    } catch {
      url = undefined
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== entry.replace(/\/$/, '') || url.username || url.password) {
      throw new RangeError(`entry ${i + 1} must be an origin like https://app.example.com (scheme, host and port only)`)
    }
    return url.origin
  })
}
