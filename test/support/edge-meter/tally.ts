/**
 * What the metered test worker (metered-worker.ts) counts on the real Workers runtime, shared by
 * the worker and the Node test that reads it. Plain data, so it crosses as JSON.
 */

/** The Durable Object classes of wrangler.toml, by the binding the worker reaches them through. */
export const METERED_BINDINGS = {
  SLOTS: 'SlotObject',
  SUBJECT_SLOTS: 'SubjectSlots',
  SLOT_COUNTERS: 'SlotCounters',
  WEBHOOK_OUTBOX: 'WebhookOutbox',
  RATE_LIMITS: 'RateLimitWindow',
} as const

export type MeteredClass = (typeof METERED_BINDINGS)[keyof typeof METERED_BINDINGS]

/** One class's counts: requests it received and what its storage was asked to do. */
export interface ObjectTally {
  /** RPC method calls on its stubs, by method: each one is a billed Durable Object request. */
  rpc: Record<string, number>
  /** Alarm invocations: billed as requests too. */
  alarms: number
  kvGet: number
  kvPut: number
  kvDelete: number
  kvList: number
  /** Entries the kv.list calls yielded (each a row read). */
  kvListed: number
  getAlarm: number
  setAlarm: number
  deleteAlarm: number
  deleteAll: number
  sqlExec: number
  /** The runtime's own SqlStorageCursor.rowsRead / rowsWritten, summed over every exec. */
  sqlRowsRead: number
  sqlRowsWritten: number
}

export interface Tally {
  /** Requests the Worker's fetch handler served (the meter's own routes are not counted). */
  workerRequests: number
  /** DO calls, alarm handlers and waitUntil work not settled yet: 0 means everything caused so far is done. */
  inFlight: number
  objects: Partial<Record<MeteredClass, ObjectTally>>
}

export const emptyObjectTally = (): ObjectTally => ({
  rpc: {},
  alarms: 0,
  kvGet: 0,
  kvPut: 0,
  kvDelete: 0,
  kvList: 0,
  kvListed: 0,
  getAlarm: 0,
  setAlarm: 0,
  deleteAlarm: 0,
  deleteAll: 0,
  sqlExec: 0,
  sqlRowsRead: 0,
  sqlRowsWritten: 0,
})

/** The test-only route of the metered worker: GET reads the tally, DELETE zeroes it. */
export const METER_PATH = '/__meter'
