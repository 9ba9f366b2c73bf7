import { createApp } from '../../src/core/app/create-app.tsx'
import { Keyring } from '../../src/core/keyring.ts'
import { createLinkService } from '../../src/core/link-service.ts'
import type { SlotStore } from '../../src/core/slot-store.ts'

/**
 * The OpenAPI document as a deployment at `publicUrl` serves it, generated in-process from the
 * routes. The slot store is never asked anything: writing the document touches no link.
 */
export async function openApiDocument(publicUrl: string): Promise<Record<string, unknown>> {
  const untouched = new Proxy({} as SlotStore, {
    get: (_, name) => {
      throw new Error(`the document asked the slot store for ${String(name)}`)
    },
  })
  const links = createLinkService({ keyring: await Keyring.random(), slots: untouched })
  const app = createApp({ links, apiKey: 'k'.repeat(40), publicUrl })
  const res = await app.request('/openapi.json')
  if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`)
  return (await res.json()) as Record<string, unknown>
}
