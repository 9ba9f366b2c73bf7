/**
 * A full garbage collection in every worker thread of this process, through the inspector
 * (HeapProfiler.collectGarbage). Needed because piscina's slot workers cannot be asked to call
 * gc() themselves, and `worker.getHeapSnapshot()` (which collects first) crashes Node 20 here.
 * The module loader's own worker (tsx hooks) sleeps in Atomics.wait and is left alone.
 */
import { Session } from 'node:inspector'

const ANSWER_TIMEOUT_MS = 10_000

/** A worker's V8 heap after its collection (Runtime.getHeapUsage): bytes in use, and committed. */
export interface WorkerHeap {
  readonly usedSize: number
  readonly totalSize: number
}

/** Collects in every worker and returns each one's heap afterwards; an empty list means none was found. */
export async function collectGarbageInWorkers(): Promise<WorkerHeap[]> {
  const session = new Session()
  session.connect()
  const post = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))))
  // Keyed by worker id, so a worker announced twice is collected and counted once (a count of four
  // for a pool of two was seen once, and not again in a dozen runs).
  const workers = new Map<string, string>()
  const answers = new Map<number, (result: unknown) => void>()
  session.on('inspectorNotification', (note: { method: string; params: Record<string, unknown> }) => {
    if (note.method === 'NodeWorker.attachedToWorker') {
      const info = note.params.workerInfo as { workerId: string; url: string }
      if (!info.url.startsWith('node:internal')) workers.set(info.workerId, note.params.sessionId as string)
    } else if (note.method === 'NodeWorker.receivedMessageFromWorker') {
      const message = JSON.parse(note.params.message as string) as { id?: number; result?: unknown }
      if (message.id !== undefined) answers.get(message.id)?.(message.result)
    }
  })
  try {
    await post('NodeWorker.enable', { waitForDebuggerOnStart: false })
    await new Promise((resolve) => setTimeout(resolve, 200))
    let id = 0
    const ask = async (sessionId: string, method: string): Promise<unknown> => {
      const messageId = ++id
      const answered = new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`a worker did not answer ${method}`)), ANSWER_TIMEOUT_MS)
        answers.set(messageId, (result) => (clearTimeout(timer), resolve(result)))
      })
      await post('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify({ id: messageId, method }) })
      return answered
    }
    const heaps: WorkerHeap[] = []
    for (const sessionId of workers.values()) {
      await ask(sessionId, 'HeapProfiler.collectGarbage')
      heaps.push((await ask(sessionId, 'Runtime.getHeapUsage')) as WorkerHeap)
    }
    await post('NodeWorker.disable')
    return heaps
  } finally {
    session.disconnect()
  }
}
