import { createApp } from "../core/app/create-app.js";
import { Keyring, parseKeySpec } from "../core/keyring.js";
import { createLinkService } from "../core/link-service.js";
import { Metrics } from "../core/metrics.js";
import { nodeLinkCrypto } from "./node-link-crypto.js";
import { PiscinaSlotStore } from "./piscina-slot-store.js";
export * from "../core/index.js";
export { nodeLinkCrypto } from "./node-link-crypto.js";
export { PiscinaSlotStore } from "./piscina-slot-store.js";
export async function createSlotlink(options = {}) {
    const keyring = options.keys instanceof Keyring
        ? options.keys
        : options.keys === undefined
            ? await Keyring.random(nodeLinkCrypto)
            : await Keyring.fromSecrets(typeof options.keys === 'string' ? parseKeySpec(options.keys) : options.keys, nodeLinkCrypto);
    const slots = isSlotStore(options.slots) ? options.slots : await PiscinaSlotStore.start(options.slots);
    const metrics = new Metrics();
    const links = createLinkService({ keyring, slots, observer: metrics, now: options.now });
    return {
        ...links,
        metrics,
        routes: (appOptions) => createApp({ ...appOptions, links, metrics }),
        close: () => slots.close(),
    };
}
function isSlotStore(value) {
    return typeof value === 'object' && value !== null && typeof value.consume === 'function';
}
