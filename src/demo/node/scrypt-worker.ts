/**
 * The thread side of ScryptPool: one scrypt per task, synchronously. Blocking is the point: this
 * thread exists only for it, so libuv's small shared thread pool (which node:crypto's async
 * scrypt would use) stays free for WebCrypto, DNS and file I/O of the rest of the server.
 */
import { scryptSync, type ScryptOptions } from 'node:crypto'

export interface ScryptTask {
  readonly password: string
  readonly salt: Uint8Array
  readonly length: number
  readonly options: ScryptOptions
}

export default function runScrypt({ password, salt, length, options }: ScryptTask): Uint8Array {
  return new Uint8Array(scryptSync(password, salt, length, options))
}
