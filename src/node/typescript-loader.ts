import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

const isSource = (workerUrl: URL) => workerUrl.pathname.endsWith('.ts')

/**
 * A piscina worker's `execArgv`: workers are TypeScript, and when this process runs them from
 * source (tsx, vitest) the threads need tsx's loader too. Compiled deployments (.js) need nothing.
 */
export function typeScriptLoaderArgs(workerUrl: URL): string[] | undefined {
  if (!isSource(workerUrl)) return undefined
  const loader = createRequire(import.meta.url).resolve('tsx')
  return ['--import', pathToFileURL(loader).href]
}

/**
 * For a plain `new Worker` run from source: code (for `eval: true`) that registers tsx in the
 * thread and then loads the TypeScript entry. On Node 20 `--import tsx` in a thread's execArgv
 * does not reach the thread's own entry file, while tsx's register API called in the thread does.
 * Undefined for a compiled (.js) entry, which is started as it is.
 */
export function typeScriptThreadEntry(workerUrl: URL): string | undefined {
  if (!isSource(workerUrl)) return undefined
  const api = createRequire(import.meta.url).resolve('tsx/cjs/api')
  return `require(${JSON.stringify(api)}).register(); require(${JSON.stringify(fileURLToPath(workerUrl))})`
}
