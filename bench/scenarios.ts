/**
 * What the load generator sends. Every scenario hits the contract's routes with the same body
 * shapes; tokens minted by one scenario are consumed, once each, by the next.
 */
import type autocannon from 'autocannon'

export interface Scenario {
  readonly name: string
  /** Statuses that count as the server doing its job. */
  readonly expectedStatus: readonly number[]
  /** Fresh request definitions for one autocannon run. */
  requests(): autocannon.Request[]
}

const PURPOSE = 'reset_password'
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** Tokens minted and not yet used, handed out once each. */
export class TokenPool {
  readonly #tokens: string[] = []
  #dry = 0

  get size(): number {
    return this.#tokens.length
  }

  /** Consumes that found the pool empty (and so sent a token that was already used). */
  get dry(): number {
    return this.#dry
  }

  add(token: string): void {
    this.#tokens.push(token)
  }

  take(): string {
    const token = this.#tokens.pop()
    if (token !== undefined) return token
    this.#dry++
    return 'used-up'
  }

  peekSome(n: number): string[] {
    return this.#tokens.slice(-n)
  }
}

let subjectCounter = 0
const mintBody = () => JSON.stringify({ purpose: PURPOSE, subject: `user-${subjectCounter++}` })
const tokenOf = (status: number, body: string) => (status === 201 ? (JSON.parse(body) as { token: string }).token : undefined)

const mintRequest = (onToken: (token: string, context: Record<string, unknown>) => void): autocannon.Request => ({
  method: 'POST',
  path: '/api/links',
  setupRequest: (request) => ({ ...request, body: mintBody() }),
  onResponse: (status, body, context) => {
    const token = tokenOf(status, body)
    if (token) onToken(token, context as Record<string, unknown>)
  },
})

/** POST /api/links; every token minted goes into the pool for the consume scenarios. */
export const mint = (pool: TokenPool): Scenario => ({
  name: 'mint',
  expectedStatus: [201],
  requests: () => [mintRequest((token) => pool.add(token))],
})

/** POST /api/links/consume of links minted earlier and never used. */
export const consumeFresh = (pool: TokenPool): Scenario => ({
  name: 'consume',
  expectedStatus: [200],
  requests: () => [
    {
      method: 'POST',
      path: '/api/links/consume',
      setupRequest: (request) => ({ ...request, body: JSON.stringify({ token: pool.take(), purpose: PURPOSE }) }),
    },
  ],
})

/** Each connection mints a link and then consumes it, over and over. */
export const mintThenConsume = (): Scenario => ({
  name: 'mint→consume',
  expectedStatus: [200, 201],
  requests: () => [
    mintRequest((token, context) => (context.token = token)),
    {
      method: 'POST',
      path: '/api/links/consume',
      setupRequest: (request, context) => ({ ...request, body: JSON.stringify({ token: (context as { token?: string }).token ?? 'none', purpose: PURPOSE }) }),
    },
  ],
})

/** The servers that store nothing and so answer a forgery with their canned link, as any token. */
export const CANNED_FORGED: readonly string[] = ['ceiling', 'lean-ceiling', 'lean-safe', 'lean-safe-plain']
/** What a forgery gets from this server: its canned link's 200, or a refusal's 404 `invalid`. */
export const forgedAnswers = (server: string): readonly number[] => (CANNED_FORGED.includes(server) ? [200] : [404])

/**
 * Consume of forged tokens: real tokens with one character of the tag changed, so the format,
 * key id, purpose and expiry are all plausible and only the tag is wrong. A store-backed peer
 * has to look them up; slotlink refuses them by arithmetic. The ceiling answers 200 as always.
 */
export const consumeForged = (pool: TokenPool, expectedStatus: readonly number[] = [404]): Scenario => {
  const forged = forgeries(pool.peekSome(1000))
  let next = 0
  return {
    name: 'forged',
    expectedStatus,
    requests: () => [
      {
        method: 'POST',
        path: '/api/links/consume',
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ token: forged[next++ % forged.length], purpose: PURPOSE }) }),
      },
    ],
  }
}

function forgeries(tokens: string[]): string[] {
  const real = tokens.length > 0 ? tokens : ['A'.repeat(43)]
  return real.map((token) => {
    // Ten characters from the end: inside the tag, and clear of the last character's padding bits.
    const at = token.length - 10
    const replacement = ALPHABET[(ALPHABET.indexOf(token[at]!) + 1) % ALPHABET.length]!
    return token.slice(0, at) + replacement + token.slice(at + 1)
  })
}
