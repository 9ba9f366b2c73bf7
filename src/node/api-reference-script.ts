import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { ApiReferenceScript } from '../core/app/api-reference.tsx'

/**
 * Scalar's standalone browser bundle for /docs, read from the installed package, or undefined
 * where it is not installed: it is an optional peer of the library (it brings Vue and much more),
 * and /docs then links the OpenAPI document instead. The package's export map does not list the
 * file, so it is found beside the package's entry point.
 */
export function installedApiReferenceScript(): ApiReferenceScript | undefined {
  let entry: string
  try {
    entry = createRequire(import.meta.url).resolve('@scalar/api-reference')
  } catch {
    return undefined
  }
  return () => readFile(join(dirname(entry), 'browser', 'standalone.js'), 'utf8')
}
