export { DurableObjectSlotStore } from "./durable-object-slot-store.js";
export { SlotCounters } from "./slot-counters.js";
export { SlotObject } from "./slot-object.js";
export { SubjectSlots } from "./subject-slots.js";
