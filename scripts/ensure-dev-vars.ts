/**
 * Gives `npm run edge:dev` the settings wrangler dev needs on a fresh clone: writes .dev.vars with
 * random values for whichever of SLOTLINK_KEYS and SLOTLINK_API_KEY it lacks, and NODE_ENV=development
 * (the dev outbox; wrangler.toml says production, and .dev.vars is never deployed). An existing
 * value is never touched, and no secret is ever printed.
 */
import { randomBytes } from 'node:crypto'
import { appendFileSync, existsSync, readFileSync } from 'node:fs'

const DEV_VARS = new URL('../.dev.vars', import.meta.url)
/** 32 bytes: the minimum HMAC key size the keyring accepts (RFC 2104 §3), and plenty for an API key. */
const SECRET_BYTES = 32

const secret = () => randomBytes(SECRET_BYTES).toString('base64url')
const wanted: Record<string, () => string> = {
  SLOTLINK_KEYS: () => `dev:${secret()}`,
  SLOTLINK_API_KEY: secret,
  NODE_ENV: () => 'development',
}

const existing = existsSync(DEV_VARS) ? readFileSync(DEV_VARS, 'utf8') : ''
const missing = Object.keys(wanted).filter((name) => !new RegExp(`^\\s*${name}\\s*=\\s*\\S`, 'm').test(existing))
if (missing.length > 0) {
  const lines = missing.map((name) => `${name}=${wanted[name]!()}`)
  const header = existing === '' ? '# Random dev secrets written by scripts/ensure-dev-vars.ts; see .dev.vars.example.\n' : existing.endsWith('\n') ? '' : '\n'
  appendFileSync(DEV_VARS, header + lines.join('\n') + '\n', { mode: 0o600 })
  const hint = missing.includes('SLOTLINK_API_KEY') ? ' (the API key is in the file)' : ''
  console.log(`.dev.vars: wrote ${missing.join(', ')}${hint}`)
}
