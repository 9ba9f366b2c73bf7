import { Hono } from 'hono'

/**
 * The whole site under the path prefix of its public URL (`https://example.com/auth` → `/auth`),
 * as the Node server and the edge worker serve it, or the app itself at the root.
 *
 * Not strict about a trailing slash: inside the prefix the start page is `/auth/` (what every page
 * links as `${base}/`, and what people type), while Hono's route() makes the mounted app's `/`
 * into `/auth`; without this `/auth/` would be a 404. A trailing slash on any other path then
 * reaches that path's route too, which is harmless: tokens never end in one.
 */
export function siteAt<A extends { fetch: Hono['fetch'] }>(publicUrl: string, app: A): A | Hono {
  const basePath = new URL(publicUrl).pathname.replace(/\/+$/, '')
  return basePath ? new Hono({ strict: false }).route(basePath, app as unknown as Hono) : app
}
