/**
 * An experiment, not a configuration: slotlink's link service, slot store and app, with the HMAC
 * either as shipped (`mac`) or replaced by a constant (`no-mac`). Tokens are then "signed" with a
 * tag of zeros, so a forgery still fails the check (a plain compare: nothing here is secret), but
 * the MAC costs nothing. Side by side with the ceiling, the two say how much of the forged row's
 * gap is the tag check itself, which no configuration of slotlink can skip.
 *
 *   node --import tsx bench/servers/slotlink-mac-bound.ts mac|no-mac
 *   env: PORT, SLOTLINK_API_KEY, SLOTLINK_KEYS
 */
import { serve } from '@hono/node-server'
import { createApp, createLinkService, Keyring, Metrics, nodeLinkCrypto, parseKeySpec, PiscinaSlotStore, type LinkCrypto } from '../../src/node/index.ts'
import { createLogger as productionLogger } from '../../src/server/node/logger.ts'

const mode = process.argv[2]
if (mode !== 'mac' && mode !== 'no-mac') throw new Error('mode: mac or no-mac')
const port = Number(process.env.PORT)
const apiKey = process.env.SLOTLINK_API_KEY
if (!apiKey || !port || !process.env.SLOTLINK_KEYS) throw new Error('PORT, SLOTLINK_API_KEY and SLOTLINK_KEYS are required')

const ZERO_TAG = new Uint8Array(32)
const isZeroTag = (tag: Uint8Array) => tag.length === ZERO_TAG.length && tag.every((b) => b === 0)
const linkCrypto: LinkCrypto =
  mode === 'mac' ? nodeLinkCrypto : { ...nodeLinkCrypto, hmacSha256: () => ZERO_TAG.slice(), verifyHmacSha256: (_key, _data, tag) => isZeroTag(tag) }
const keyring = await Keyring.fromSecrets(parseKeySpec(process.env.SLOTLINK_KEYS), linkCrypto)
const slots = await PiscinaSlotStore.start({ snapshotDir: null })
const metrics = new Metrics()
const links = createLinkService({ keyring, slots, observer: metrics })
const app = createApp({ links, apiKey, publicUrl: `http://127.0.0.1:${port}`, metrics, logger: productionLogger(), isLocalRequest: () => true })
const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' })
process.once('SIGTERM', () => {
  server.close()
  slots.close().finally(() => process.exit(0))
})
