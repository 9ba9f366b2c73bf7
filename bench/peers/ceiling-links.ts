/**
 * The ceiling: the same Hono app (routes, validation, auth, logging) over a link service that
 * stores nothing: a random token out, a canned answer in. No store can be faster than this.
 */
import type { LinkService } from '../../src/core/index.ts'
import { newToken, PEER_LINK_ID, peerSlots, peerV2 } from './peer-token.ts'

/**
 * With `refuse`, every peek and consume gets the refusal slotlink gives a forgery (404 `invalid`)
 * instead of a canned link: an experiment to see whether the forged row's gap is the answer's kind
 * rather than slotlink's work, since the plain ceiling answers a forgery with 200 (bench/README.md).
 *
 * With `busyMicros` as well, each consume first spins for that long by the wall clock: a stand-in
 * for any check of that cost, to show what a few microseconds of work per request do to a ratio
 * on this machine (bench/forged-budget.ts). Should the thread lose its core mid-spin, it burns
 * less CPU than that; the server's CPU per request in the same window says what it really spent.
 */
export function ceilingLinks({ refuse = false, busyMicros = 0 } = {}): LinkService {
  return {
    async issue(input) {
      const expiresAt = new Date(Date.now() + (input.ttl ?? 900) * 1000)
      return { ok: true, id: PEER_LINK_ID, token: newToken().token, expiresAt }
    },
    async peek(_token, options) {
      return refuse ? INVALID : { ok: true, link: cannedLink(options?.purpose) }
    },
    async consume(_token, options) {
      if (busyMicros > 0) spin(busyMicros)
      return refuse ? INVALID : { ok: true, link: cannedLink(options?.purpose) }
    },
    async revoke() {
      return { ok: true, link: cannedLink(undefined) }
    },
    async revokeSubject() {
      return 0
    },
    ...peerV2,
    slots: peerSlots(async () => 0, async () => {}),
  }
}

const INVALID = { ok: false, reason: 'invalid' } as const

function cannedLink(purpose: string | undefined) {
  return { id: PEER_LINK_ID, purpose: purpose ?? 'reset_password', subject: 'user-1', data: null, expiresAt: new Date(Date.now() + 900_000) }
}

/** Keeps this thread busy until `micros` microseconds have passed. */
function spin(micros: number): void {
  const until = performance.now() + micros / 1000
  while (performance.now() < until);
}
