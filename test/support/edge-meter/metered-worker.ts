/**
 * TEST ONLY, never deployed: the real worker (src/server/edge/worker.ts) with counting proxies
 * around what it pays for on Cloudflare — its fetch handler, every Durable Object stub it or an
 * object calls, each object's alarm handler and each object's storage. The classes below are the
 * real ones, subclassed only to hand them a metered `ctx` and `env`; their code runs unchanged.
 * test/edge-cost-model.test.ts starts this entry with wrangler.toml (same bindings, same
 * migrations) and reads the counts from METER_PATH.
 *
 * Why proxies and not the runtime's analytics: local workerd has no billing counters, and counts
 * taken where the calls are made cannot drift from the code the way a hand-kept list would.
 */
import { RateLimitWindow as RealRateLimitWindow } from '../../../src/demo/edge/rate-limit-window.ts'
import { SlotCounters as RealSlotCounters } from '../../../src/edge/slot-counters.ts'
import { SlotObject as RealSlotObject } from '../../../src/edge/slot-object.ts'
import { SubjectSlots as RealSubjectSlots } from '../../../src/edge/subject-slots.ts'
import { WebhookOutbox as RealWebhookOutbox } from '../../../src/edge/webhook-outbox.ts'
import realWorker from '../../../src/server/edge/worker.ts'
import type { SlotEnv } from '../../../src/edge/bindings.ts'
import type { Env } from '../../../src/server/edge/env.ts'
import { emptyObjectTally, METER_PATH, METERED_BINDINGS, type MeteredClass, type ObjectTally, type Tally } from './tally.ts'

/*
 * One tally per isolate. workerd runs a worker's Durable Objects in the worker's own isolate, so
 * the fetch handler and every object share it; the test checks that it saw the objects' calls.
 */
let workerRequests = 0
let inFlight = 0
let objects: Partial<Record<MeteredClass, ObjectTally>> = {}
/** Cursors of this period's SQL statements: their row counts are final only once they are read through. */
let cursors: { className: MeteredClass; cursor: SqlStorageCursor<Record<string, SqlStorageValue>> }[] = []

const tallyOf = (className: MeteredClass) => (objects[className] ??= emptyObjectTally())

/** Counts `work` as in flight until it settles. */
function track<T>(work: Promise<T>): Promise<T> {
  inFlight++
  return work.finally(() => inFlight--)
}

function snapshot(): Tally {
  const copy = structuredClone(objects)
  for (const { className, cursor } of cursors) {
    const tally = (copy[className] ??= emptyObjectTally())
    tally.sqlRowsRead += cursor.rowsRead
    tally.sqlRowsWritten += cursor.rowsWritten
  }
  return { workerRequests, inFlight, objects: copy }
}

function reset(): void {
  workerRequests = 0
  objects = {}
  cursors = []
}

/** A stub whose every RPC method call counts as one request to `className`. */
function meteredStub<T extends object>(stub: T, className: MeteredClass): T {
  return new Proxy(stub, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown
      // `then` is probed by `await`; it is not a call on the object.
      if (typeof property !== 'string' || property === 'then' || typeof value !== 'function') return value
      return (...args: unknown[]) => {
        const rpc = tallyOf(className).rpc
        rpc[property] = (rpc[property] ?? 0) + 1
        // Reflect.apply, not value.apply: on an RPC stub `apply` is itself a remote method name.
        return track(Promise.resolve(Reflect.apply(value as (...a: unknown[]) => unknown, target, args)))
      }
    },
  })
}

function meteredNamespace<T extends object>(namespace: T, className: MeteredClass): T {
  return new Proxy(namespace, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown
      if (typeof value !== 'function') return value
      const method = value as (...a: unknown[]) => unknown
      if (property === 'get' || property === 'getByName') return (...args: unknown[]) => meteredStub(method.apply(target, args) as object, className)
      return method.bind(target)
    },
  })
}

/** One metered env per real env: the worker keeps one runtime per env object, so it must stay the same object. */
const meteredEnvs = new WeakMap<object, object>()
function meteredEnv<E extends object>(env: E): E {
  let metered = meteredEnvs.get(env)
  if (!metered) {
    const copy: Record<string, unknown> = { ...(env as Record<string, unknown>) }
    for (const [binding, className] of Object.entries(METERED_BINDINGS)) {
      const namespace = copy[binding]
      if (namespace) copy[binding] = meteredNamespace(namespace as object, className)
    }
    metered = copy
    meteredEnvs.set(env, metered)
  }
  return metered as E
}

function meteredKv(kv: SyncKvStorage, tally: () => ObjectTally): SyncKvStorage {
  return {
    get: ((key: string) => (tally().kvGet++, kv.get(key))) as SyncKvStorage['get'],
    put: (key, value) => (tally().kvPut++, kv.put(key, value)),
    delete: (key) => (tally().kvDelete++, kv.delete(key)),
    list: ((options?: SyncKvListOptions) => {
      tally().kvList++
      const entries = kv.list(options)
      return (function* () {
        for (const entry of entries) {
          tally().kvListed++
          yield entry
        }
      })()
    }) as SyncKvStorage['list'],
  }
}

function meteredSql(sql: SqlStorage, className: MeteredClass): SqlStorage {
  return new Proxy(sql, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown
      if (property === 'exec') {
        return (query: string, ...bindings: unknown[]) => {
          tallyOf(className).sqlExec++
          const cursor = target.exec(query, ...bindings)
          cursors.push({ className, cursor })
          return cursor
        }
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
}

const COUNTED_STORAGE_CALLS = ['getAlarm', 'setAlarm', 'deleteAlarm', 'deleteAll'] as const

function meteredStorage(storage: DurableObjectStorage, className: MeteredClass): DurableObjectStorage {
  const tally = () => tallyOf(className)
  const kv = meteredKv(storage.kv, tally)
  const sql = meteredSql(storage.sql, className)
  return new Proxy(storage, {
    get(target, property) {
      if (property === 'kv') return kv
      if (property === 'sql') return sql
      const value = Reflect.get(target, property) as unknown
      if (typeof value !== 'function') return value
      const method = value as (...a: unknown[]) => unknown
      if ((COUNTED_STORAGE_CALLS as readonly (string | symbol)[]).includes(property)) {
        return (...args: unknown[]) => {
          tally()[property as (typeof COUNTED_STORAGE_CALLS)[number]]++
          return method.apply(target, args)
        }
      }
      // The async KV API (get/put/delete/list on storage itself) is not used by slotlink's objects; count it if it ever is.
      if (property === 'get' || property === 'put' || property === 'delete' || property === 'list') {
        return (...args: unknown[]) => {
          tally().rpc[`storage.${property} (async KV)`] = (tally().rpc[`storage.${property} (async KV)`] ?? 0) + 1
          return method.apply(target, args)
        }
      }
      return method.bind(target)
    },
  })
}

function meteredState(ctx: DurableObjectState, className: MeteredClass): DurableObjectState {
  const storage = meteredStorage(ctx.storage, className)
  return new Proxy(ctx, {
    get(target, property) {
      if (property === 'storage') return storage
      if (property === 'waitUntil') return (work: Promise<unknown>) => target.waitUntil(track(work))
      const value = Reflect.get(target, property) as unknown
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
}

/**
 * Hands the object a metered `ctx`. Not through `super`: the runtime's base class accepts only its
 * own DurableObjectState, so the proxy replaces the field once the base has set it. Whatever a
 * constructor does with storage before this (WebhookOutbox's CREATE TABLE IF NOT EXISTS) is not counted.
 */
function meter(object: object, ctx: DurableObjectState, className: MeteredClass): void {
  Object.defineProperty(object, 'ctx', { value: meteredState(ctx, className), writable: false, enumerable: false, configurable: true })
}

/** The alarm handler's run, counted as a request to `className` and in flight until it settles. */
function meteredAlarm(className: MeteredClass, alarm: () => Promise<void>): Promise<void> {
  tallyOf(className).alarms++
  return track(alarm())
}

export class SlotObject extends RealSlotObject {
  constructor(ctx: DurableObjectState, env: SlotEnv) {
    super(ctx, meteredEnv(env))
    meter(this, ctx, 'SlotObject')
  }
  override alarm(): Promise<void> {
    return meteredAlarm('SlotObject', () => super.alarm())
  }
}

export class SubjectSlots extends RealSubjectSlots {
  constructor(ctx: DurableObjectState, env: SlotEnv) {
    super(ctx, meteredEnv(env))
    meter(this, ctx, 'SubjectSlots')
  }
  override alarm(): Promise<void> {
    return meteredAlarm('SubjectSlots', () => super.alarm())
  }
}

export class SlotCounters extends RealSlotCounters {
  constructor(ctx: DurableObjectState, env: SlotEnv) {
    super(ctx, meteredEnv(env))
    meter(this, ctx, 'SlotCounters')
  }
}

export class WebhookOutbox extends RealWebhookOutbox {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, meteredEnv(env))
    meter(this, ctx, 'WebhookOutbox')
  }
  override alarm(): Promise<void> {
    return meteredAlarm('WebhookOutbox', () => super.alarm())
  }
}

export class RateLimitWindow extends RealRateLimitWindow {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, meteredEnv(env))
    meter(this, ctx, 'RateLimitWindow')
  }
  override alarm(): Promise<void> {
    return meteredAlarm('RateLimitWindow', () => super.alarm())
  }
}

export default {
  async fetch(request, env, ctx) {
    if (new URL(request.url).pathname === METER_PATH) {
      if (request.method === 'DELETE') reset()
      return Response.json(snapshot())
    }
    workerRequests++
    // The real context with waitUntil tracked; everything else is the runtime's own.
    const meteredCtx = new Proxy(ctx, {
      get(target, property) {
        if (property === 'waitUntil') return (work: Promise<unknown>) => target.waitUntil(track(Promise.resolve(work)))
        const value = Reflect.get(target, property) as unknown
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
      },
    })
    return track(Promise.resolve(realWorker.fetch!(request, meteredEnv(env), meteredCtx)))
  },
} satisfies ExportedHandler<Env>
