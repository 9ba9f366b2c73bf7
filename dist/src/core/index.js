/** The runtime-agnostic core: Web APIs only, no node:*, cloudflare:* or piscina. */
export { createApp } from "./app/create-app.js";
export { confirmView, linkPages, linkProblem, LINK_PAGE_HEADERS } from "./app/link-pages.js";
export { apiError } from "./app/api.js";
export { ERRORS, errorBody } from "./errors.js";
export { Keyring, parseKeySpec } from "./keyring.js";
export { webLinkCrypto } from "./link-crypto.js";
export { createLinkService, hashCode, } from "./link-service.js";
export { Metrics } from "./metrics.js";
export { Layout, STYLESHEET_PATH } from "./pages/layout.js";
export { signToken, verifyToken } from "./token-codec.js";
export * as limits from "./limits.js";
