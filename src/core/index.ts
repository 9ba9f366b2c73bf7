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
  hashIdempotencyKey,
  type IssueResult,
  type LinkFailure,
  type LinkObserver,
  type LinkResult,
  type LinkService,
  type LinkServiceOptions,
  type ListedLink,
  type OpenLink,
  type Operation,
  type OutcomeDetails,
  type UsedLink,
  type UseLinkOptions,
} from './link-service.ts'
export { formatTypedCode, hashTypedCode, normalizeTypedCode } from './typed-code.ts'
export type { Logger } from './logger.ts'
export { Metrics } from './metrics.ts'
export { Layout, STYLESHEET_PATH } from './pages/layout.tsx'
export type {
  CloseReason,
  JsonObject,
  ListedSlot,
  OpenRequest,
  OpenResult,
  RevokeSubjectOptions,
  SlotContent,
  SlotResult,
  SlotStats,
  SlotStore,
  UsedInfo,
  UsedReason,
  UseOptions,
} from './slot-store.ts'
export { slotlinkFrom, type RoutesOptions, type Slotlink } from './slotlink.ts'
export { signTicket, signToken, verifyTicket, verifyToken, type LinkClaims, type TicketClaims, type VerifyResult } from './token-codec.ts'
export * as limits from './limits.ts'
export * from './webhooks/index.ts'
