/**
 * slotlink at the edge: slots as Cloudflare Durable Objects. Export the three classes from your
 * Worker's entry module and declare them in wrangler.toml (see the README's "Deploy to the edge").
 *
 * @example
 * export { SlotObject, SubjectSlots, SlotCounters } from 'slotlink/edge'
 */
export type { SlotBindings } from './bindings.ts'
export { DurableObjectSlotStore } from './durable-object-slot-store.ts'
export { SlotCounters } from './slot-counters.ts'
export { SlotObject } from './slot-object.ts'
export { SubjectSlots } from './subject-slots.ts'
