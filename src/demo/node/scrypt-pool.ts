import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Piscina } from 'piscina'
import type { ScryptTask } from './scrypt-worker.ts'

// Compiled (dist/) the worker is .js beside this file; under tsx it is the .ts source.
const WORKER_URL = new URL(`./scrypt-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url)

export interface ScryptPoolOptions {
  /**
   * Threads that hash. Default 2: each scrypt at the default cost holds 128 MiB, so this also
   * bounds the memory hashing can take (with the gates in front, nothing else queues here).
   */
  readonly threads?: number
}

/**
 * scrypt in worker threads of its own (piscina), instead of on libuv's thread pool. Node runs
 * async scrypt on that pool (4 threads by default), where WebCrypto's HMAC and digests, which
 * every request here uses (session cookies, link tags), also run: a few hashes in flight there
 * stalled everything else (login median 2.9 s → 52 s under 24 sign-ups). Raising
 * UV_THREADPOOL_SIZE would only give the flood more threads to fill.
 *
 * @example
 * const pool = new ScryptPool()
 * const passwords = new ScryptPasswordHasher(SCRYPT_DEFAULTS, pool)
 */
export class ScryptPool {
  readonly #pool: Piscina<ScryptTask, Uint8Array>

  constructor(options: ScryptPoolOptions = {}) {
    const threads = options.threads ?? 2
    this.#pool = new Piscina({ filename: WORKER_URL.href, minThreads: threads, maxThreads: threads, execArgv: typeScriptLoaderArgs() })
  }

  derive(task: ScryptTask): Promise<Uint8Array> {
    return this.#pool.run(task)
  }

  close(): Promise<void> {
    return this.#pool.destroy()
  }
}

/** Under tsx (npm start, tests) the worker is TypeScript and needs the same loader. */
function typeScriptLoaderArgs(): string[] | undefined {
  if (!WORKER_URL.pathname.endsWith('.ts')) return undefined
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]
}
