import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * Scalar's standalone browser bundle, read from the installed package for /docs. The package's
 * export map does not list the file, so it is found beside the package's entry point.
 */
export function readApiReferenceScript(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@scalar/api-reference')
  return readFile(join(dirname(entry), 'browser', 'standalone.js'), 'utf8')
}
