import type { Hono } from 'hono'
import { METHOD_NAME_ALL } from 'hono/router'
import { TrieRouter } from 'hono/router/trie-router'

export interface AllowedMethods {
  /** The methods `path` answers (HEAD wherever GET), or none for an unknown path. */
  methodsFor(path: string): readonly string[]
  /**
   * Whether `method` on `path` belongs to a fixed path other than the one a parameter would
   * make of it: `GET /api/links/consume` is `POST /api/links/consume` asked the wrong way, not
   * a peek at a link whose token is "consume". A plain map lookup, cheap enough for every request.
   */
  isShadowed(path: string, method: string): boolean
}

/**
 * Which methods a path answers, from the app's registered routes, to tell "known path, other
 * method" (405 with Allow) from "no such path" (404). Hono has no helper for this; the tables are
 * built from `app.routes` on first use and again only if routes were added since (the demo mounts
 * its routes after createApp).
 *
 * A fixed path (no parameter, no wildcard) is its own resource: where a pattern with a parameter
 * also matches it, the fixed path's methods alone are allowed there, as a reader of the API
 * document expects.
 */
export function allowedMethods(app: Hono<any>): AllowedMethods {
  let built = -1
  /** Each pattern, under its own name, to find the patterns a path matches. */
  let router = new TrieRouter<string>()
  let byPattern = new Map<string, Set<string>>()
  /** Fixed paths and their methods. */
  let fixed = new Map<string, Set<string>>()
  /** The fixed paths some other pattern also matches, whose other methods must be refused early. */
  let shadowed = new Map<string, Set<string>>()

  function build() {
    if (built === app.routes.length) return
    router = new TrieRouter<string>()
    byPattern = new Map()
    fixed = new Map()
    // Middleware (app.use) is registered for every method and serves no path of its own.
    for (const route of app.routes) {
      if (route.method === METHOD_NAME_ALL) continue
      if (!byPattern.has(route.path)) router.add(METHOD_NAME_ALL, route.path, route.path)
      byPattern.set(route.path, (byPattern.get(route.path) ?? new Set()).add(route.method))
      if (isFixed(route.path)) fixed.set(route.path, byPattern.get(route.path)!)
    }
    shadowed = new Map()
    for (const [path, methods] of fixed) {
      const patterns = new Set(router.match(METHOD_NAME_ALL, path)[0].map(([pattern]) => pattern))
      if (patterns.size > 1) shadowed.set(path, withHead(methods))
    }
    built = app.routes.length
  }

  return {
    methodsFor(path) {
      build()
      const own = fixed.get(path)
      if (own) return [...withHead(own)]
      const methods = new Set<string>()
      for (const [pattern] of router.match(METHOD_NAME_ALL, path)[0]) for (const method of byPattern.get(pattern) ?? []) methods.add(method)
      return [...withHead(methods)]
    },
    isShadowed(path, method) {
      build()
      const own = shadowed.get(path)
      return own !== undefined && !own.has(method)
    },
  }
}

const isFixed = (pattern: string) => !pattern.includes(':') && !pattern.includes('*')

/** Hono answers HEAD with the GET route. */
function withHead(methods: Set<string>): Set<string> {
  return methods.has('GET') ? new Set([...methods, 'HEAD']) : methods
}
