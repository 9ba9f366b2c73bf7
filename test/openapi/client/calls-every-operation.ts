/**
 * A program written against the client that openapi-typescript + openapi-fetch generate from
 * /openapi.json, as a user of the API would write it. test/openapi/generated-client.test.ts
 * type-checks it with the generated `schema.ts` beside it, then runs it against a real server.
 * It prints the operationIds it called, one JSON array on the last line; any surprise throws.
 *
 * Not part of the root tsconfig: `schema.ts` exists only once the test has generated it.
 */
import createClient from 'openapi-fetch'
import type { paths } from './schema.ts'

const baseUrl = process.env.SLOTLINK_URL!
const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${process.env.SLOTLINK_API_KEY}` } })
const called: string[] = []

function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`unexpected: ${what}`)
}

// issueLink: `ttl` may be left out (it has a default), `data` is any object.
const issued = await client.POST('/api/links', { body: { purpose: 'confirm_email', subject: 'user-7', data: { email: 'ada@example.com', plan: 3 } } })
check(issued.response.status === 201 && issued.data, `issueLink answered ${issued.response.status}`)
const { token, url, expiresAt } = issued.data
check(url.includes(token) && !Number.isNaN(Date.parse(expiresAt)), 'issueLink body')
called.push('issueLink')

// An error body's `error` is the enum of the codes this status can carry.
const refused = await client.POST('/api/links', { body: { purpose: 'Not-A-Purpose', subject: 'user-7', ttl: 60 } })
check(refused.response.status === 400 && refused.error, 'a bad purpose is a 400')
const code: 'invalid_request' | 'unauthorized' | 'payload_too_large' | 'unsupported_media_type' | 'capacity' = refused.error.error
// The code tells the bodies apart: only `invalid_request` names a field.
check(refused.error.error === 'invalid_request' && refused.error.field === 'purpose', `400 body ${JSON.stringify(refused.error)} (${code})`)

// Types refuse what the API refuses.
// @ts-expect-error subject is required
void (() => client.POST('/api/links', { body: { purpose: 'confirm_email' } }))
// @ts-expect-error ttl is a number of seconds
void (() => client.POST('/api/links', { body: { purpose: 'confirm_email', subject: 'u', ttl: '60' } }))

// peekLink
const peeked = await client.GET('/api/links/{token}', { params: { path: { token } } })
check(peeked.response.status === 200 && peeked.data, `peekLink answered ${peeked.response.status}`)
const data: { [key: string]: unknown } | null = peeked.data.data
check(data?.email === 'ada@example.com' && peeked.data.subject === 'user-7', 'peekLink body')
called.push('peekLink')

// consumeLink, twice: the second is 410 `used`.
const consumed = await client.POST('/api/links/consume', { body: { token, purpose: 'confirm_email' } })
check(consumed.response.status === 200 && consumed.data?.purpose === 'confirm_email', `consumeLink answered ${consumed.response.status}`)
const again = await client.POST('/api/links/consume', { body: { token } })
check(again.response.status === 410 && again.error, 'a second consume is a 410')
const gone: 'expired' | 'used' | 'invalid' | 'invalid_request' | 'unauthorized' | 'payload_too_large' | 'unsupported_media_type' | 'capacity' = again.error.error
check(gone === 'used', `410 body ${JSON.stringify(again.error)}`)
called.push('consumeLink')

// revokeLink: 204, then the link is used up.
const other = await client.POST('/api/links', { body: { purpose: 'sign_in', subject: 'user-7', ttl: 120, data: null } })
check(other.data, 'a second link')
const revoked = await client.DELETE('/api/links/{token}', { params: { path: { token: other.data.token } } })
check(revoked.response.status === 204, `revokeLink answered ${revoked.response.status}`)
called.push('revokeLink')

// revokeSubjectLinks
await client.POST('/api/links', { body: { purpose: 'sign_in', subject: 'user-8' } })
await client.POST('/api/links', { body: { purpose: 'sign_in', subject: 'user-8' } })
const all = await client.DELETE('/api/subjects/{subject}/links', { params: { path: { subject: 'user-8' }, query: { purpose: 'sign_in' } } })
check(all.response.status === 200 && all.data?.revoked === 2, `revokeSubjectLinks answered ${all.response.status} ${JSON.stringify(all.data)}`)
check(all.response.headers.get('x-request-id'), 'X-Request-Id on every answer')
called.push('revokeSubjectLinks')

// redeemLink: a link minted with `code: true` answers a code and a ticket; a wrong code is a 422
// that says how many tries are left, the right one uses the link up.
const coded = await client.POST('/api/links', { body: { purpose: 'sign_in', subject: 'user-9', code: true } })
check(coded.response.status === 201 && coded.data?.code && coded.data.ticket, `issueLink with code answered ${coded.response.status}`)
const { code: typedCode, ticket } = coded.data
const wrongCode = typedCode.startsWith('0') ? `1${typedCode.slice(1)}` : `0${typedCode.slice(1)}`
const wrong = await client.POST('/api/links/redeem', { body: { ticket, code: wrongCode, purpose: 'sign_in' } })
check(wrong.response.status === 422 && wrong.error, `a wrong code is a 422, answered ${wrong.response.status}`)
const attemptsLeft: number | undefined = wrong.error.error === 'wrong_code' ? wrong.error.attemptsLeft : undefined
check(attemptsLeft === 4, `422 body ${JSON.stringify(wrong.error)}`)
const redeemed = await client.POST('/api/links/redeem', { body: { ticket, code: typedCode.toLowerCase() }, headers: { 'idempotency-key': 'calls-every-operation-1' } })
check(redeemed.response.status === 200 && redeemed.data?.subject === 'user-9', `redeemLink answered ${redeemed.response.status}`)
const replayed = await client.POST('/api/links/redeem', { body: { ticket, code: typedCode }, headers: { 'idempotency-key': 'calls-every-operation-1' } })
check(replayed.response.status === 200 && replayed.response.headers.get('idempotent-replayed') === 'true', `a replay answered ${replayed.response.status}`)
const redeemedAgain = await client.POST('/api/links/redeem', { body: { ticket, code: typedCode } })
check(redeemedAgain.response.status === 410 && redeemedAgain.error, 'a second redeem is a 410')
const usedReason: 'consumed' | 'redeemed' | 'revoked' | 'superseded' | 'locked' | 'unknown' | undefined = redeemedAgain.error.error === 'used' ? redeemedAgain.error.reason : undefined
check(usedReason === 'redeemed', `410 body ${JSON.stringify(redeemedAgain.error)}`)
called.push('redeemLink')

// listSubjectLinks: ids, purposes and times of the open links, no secrets.
const listedOne = await client.POST('/api/links', { body: { purpose: 'reset_password', subject: 'user-10' } })
const listedTwo = await client.POST('/api/links', { body: { purpose: 'confirm_email', subject: 'user-10' } })
check(listedOne.data && listedTwo.data, 'two links to list')
const listed = await client.GET('/api/subjects/{subject}/links', { params: { path: { subject: 'user-10' } } })
check(listed.response.status === 200 && listed.data, `listSubjectLinks answered ${listed.response.status}`)
const ids: string[] = listed.data.links.map((link) => link.id)
check(ids.length === 2 && ids.includes(listedOne.data.id) && ids.includes(listedTwo.data.id), `listed ${JSON.stringify(listed.data)}`)
check(!JSON.stringify(listed.data).includes(listedOne.data.token), 'no token in the listing')
const onlyResets = await client.GET('/api/subjects/{subject}/links', { params: { path: { subject: 'user-10' }, query: { purpose: 'reset_password' } } })
check(onlyResets.data?.links.length === 1 && onlyResets.data.links[0]!.purpose === 'reset_password', `listed by purpose ${JSON.stringify(onlyResets.data)}`)
called.push('listSubjectLinks')

// revokeSubjectLink: 204, then the link is used (revoked), and the id names nothing any more.
const revokedById = await client.DELETE('/api/subjects/{subject}/links/{id}', { params: { path: { subject: 'user-10', id: listedOne.data.id } } })
check(revokedById.response.status === 204, `revokeSubjectLink answered ${revokedById.response.status}`)
const afterRevoke = await client.GET('/api/links/{token}', { params: { path: { token: listedOne.data.token } } })
check(afterRevoke.response.status === 410, `a link revoked by id answered ${afterRevoke.response.status}`)
const revokedAgain = await client.DELETE('/api/subjects/{subject}/links/{id}', { params: { path: { subject: 'user-10', id: listedOne.data.id } } })
check(revokedAgain.response.status === 404 && revokedAgain.error?.error === 'invalid', `a second revoke by id answered ${revokedAgain.response.status}`)
called.push('revokeSubjectLink')

console.log(JSON.stringify(called))
