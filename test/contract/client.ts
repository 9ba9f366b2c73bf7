import type { ContractTarget } from './api-contract.ts'

/** How the contract suites talk to a target: its own fetch where it has one, the API key unless told otherwise. */
export function contractClient(getTarget: () => ContractTarget) {
  const fetch = (url: string, init?: RequestInit) => (getTarget().fetch ?? globalThis.fetch)(url, init)
  const api = (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const headers = new Headers(init.headers)
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${getTarget().apiKey}`)
    let body = init.body
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json')
      body = JSON.stringify(init.json)
    }
    return fetch(getTarget().baseUrl + path, { ...init, headers, body, redirect: 'manual' })
  }
  return { fetch, api }
}
