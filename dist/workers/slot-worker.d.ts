import { type SlotRequest, type SlotResponse } from '../src/node/slot-protocol.ts';
export default function handleSlotRequest(request: SlotRequest): SlotResponse;
