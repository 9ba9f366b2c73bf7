import type { Hono } from 'hono'
import { METHOD_NAME_ALL } from 'hono/router'
import { TrieRouter } from 'hono/router/trie-router'

/**
 * Which methods a path answers, from the app's registered routes, to tell "known path, other
 * method" (405 with Allow) from "no such path" (404). Hono has no helper for this; the table is
 * built from `app.routes` on first use and again only if routes were added since (the demo mounts
 * its routes after createApp), and it is consulted only on the way to a refusal.
 */
export function allowedMethods(app: Hono<any>): (path: string) => readonly string[] {
  let built = -1
  let router = new TrieRouter<string>()
  return function methodsFor(path) {
    if (built !== app.routes.length) {
      router = new TrieRouter<string>()
      // Middleware (app.use) is registered for every method and serves no path of its own.
      for (const route of app.routes) if (route.method !== METHOD_NAME_ALL) router.add(METHOD_NAME_ALL, route.path, route.method)
      built = app.routes.length
    }
    const methods = new Set(router.match(METHOD_NAME_ALL, path)[0].map(([method]) => method))
    // Hono answers HEAD with the GET route.
    if (methods.has('GET')) methods.add('HEAD')
    return [...methods]
  }
}
