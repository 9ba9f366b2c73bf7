/** The runtime-agnostic core: Web APIs only, no node:*, cloudflare:* or piscina. */
export { createApp, type AppEnv, type AppOptions, type AppPart } from './app/create-app.tsx'
export { apiKeyProblem, parsePublicUrl, type PublicUrl } from './app/app-settings.ts'
export { basePath, confirmView, linkPages, linkProblem, LINK_PAGE_HEADERS, type LinkView } from './app/link-pages.tsx'
export { apiError } from './app/api.ts'
export { ERRORS, errorBody, type ErrorCode } from './errors.ts'
export { Keyring, parseKeySpec, type LinkKey } from './keyring.ts'
export { linkId } from './link-id.ts'
export { SlotlinkError, SLOTLINK_ERROR_CODES, type SlotlinkErrorCode } from './slotlink-error.ts'
export { webLinkCrypto, type LinkCrypto } from './link-crypto.ts'
export {
  createLinkService,
  hashCode,
  type IssueResult,
  type LinkFailure,
  type LinkResult,
  type LinkService,
  type LinkServiceOptions,
  type OpenLink,
} from './link-service.ts'
export type { Logger } from './logger.ts'
export { Metrics } from './metrics.ts'
export { Layout, STYLESHEET_PATH } from './pages/layout.tsx'
export type { JsonObject, OpenRequest, OpenResult, SlotContent, SlotResult, SlotStats, SlotStore } from './slot-store.ts'
export { slotlinkFrom, type RoutesOptions, type Slotlink } from './slotlink.ts'
export { signToken, verifyToken, type LinkClaims, type VerifyResult } from './token-codec.ts'
export * as limits from './limits.ts'
export * from './webhooks/index.ts'
