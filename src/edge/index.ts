/**
 * slotlink at the edge: slots as Cloudflare Durable Objects. Export the three classes from your
 * Worker's entry module and declare them in wrangler.toml (see the README's "Deploy to the edge").
 *
 * @example
 * export { SlotObject, SubjectSlots, SlotCounters } from 'slotlink/edge'
 * const slotlink = await createEdgeSlotlink({ keys: env.SLOTLINK_KEYS, env })
 */
export * from '../core/index.ts'
export { BINDING_NAME_VARS, slotBindings, type SlotBindings, type SlotEnv } from './bindings.ts'
export { createEdgeSlotlink, type EdgeSlotlinkOptions } from './create-edge-slotlink.ts'
export { DurableObjectSlotStore } from './durable-object-slot-store.ts'
export { SlotCounters } from './slot-counters.ts'
export { SlotObject } from './slot-object.ts'
export { SubjectSlots } from './subject-slots.ts'
