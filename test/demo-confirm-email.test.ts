import { describe, expect, it } from 'vitest'
import { ALREADY_REGISTERED_SUBJECT, CONFIRM_MAIL_SUBJECT } from '../src/demo/signup-mails.tsx'
import { RESET_MAIL_SUBJECT } from '../src/demo/reset-mail.tsx'
import { MemoryRateLimiter } from '../src/demo/memory-rate-limiter.ts'
import { cookieFrom, formPost, latestLinkPath, sharedDemoHarness, signUpConfirmed, testIdentities } from './support/demo-app.ts'
import { codeFromMail, expectIndistinguishable } from './support/demo-flows.ts'

const PASSWORD = 'correct horse battery staple'
const harness = sharedDemoHarness()
const { newEmail, client } = testIdentities('confirm', '192.0.2')
const mailsTo = (email: string) => harness.outbox.list().filter((m) => m.to === email)

async function signUpOnly(email: string, password = PASSWORD) {
  const response = await formPost(harness, '/signup', { email, password }, { headers: client() })
  await harness.demo.settled()
  return { response, cookie: cookieFrom(response) }
}
const signIn = (email: string, password = PASSWORD) => formPost(harness, '/login', { email, password }, { headers: client() })

describe('confirm email', () => {
  it('sign-up mails a confirm_email link + code (24 h) and signs nobody in until confirmed', async () => {
    const email = newEmail()
    const { response, cookie } = await signUpOnly(email)
    expect(response.status).toBe(200)
    expect(response.headers.getSetCookie().join()).not.toMatch(/slotlink_session=/)
    expect(cookie).toMatch(/^slotlink_confirm_ticket=[A-Za-z0-9_-]+$/)
    expect(response.headers.get('set-cookie')).toMatch(/Path=\/confirm; HttpOnly; SameSite=Lax/)
    expect(await response.text()).toMatch(/<form method="post" action="\/confirm"/)
    const [mail] = mailsTo(email)
    expect(mail?.subject).toBe(CONFIRM_MAIL_SUBJECT)
    expect(mail!.text).toMatch(/expire in 1440 minutes/)
    const path = latestLinkPath(harness.outbox)
    const peeked = await harness.links.peek(path.slice(3))
    expect(peeked).toMatchObject({ ok: true, link: { purpose: 'confirm_email' } })
    if (peeked.ok) expect(peeked.link.expiresAt.getTime() - Date.now()).toBeGreaterThan(23.9 * 3600_000)

    const refused = await signIn(email)
    expect(refused.status).toBe(401)
    expect(await refused.text()).toContain('Please confirm your address first')
    // No sign-in mail for an unconfirmed address either.
    await formPost(harness, '/login/link', { email }, { headers: client() })
    await harness.demo.settled()
    expect(mailsTo(email)).toHaveLength(1)
  })

  it('the code in the browser that signed up confirms and signs it in', async () => {
    const email = newEmail()
    const { cookie } = await signUpOnly(email)
    const confirmed = await formPost(harness, '/confirm', { code: codeFromMail(mailsTo(email)[0]!.text) }, { cookie, headers: client() })
    expect(confirmed.status).toBe(303)
    expect(confirmed.headers.getSetCookie().join()).toMatch(/slotlink_session=/)
    expect((await signIn(email)).status).toBe(303)
  })

  it('the link, in any browser, confirms only on its button (GET/HEAD confirm nothing)', async () => {
    const email = newEmail()
    await signUpOnly(email)
    const path = latestLinkPath(harness.outbox)
    for (const method of ['GET', 'HEAD']) expect((await harness.app.request(path, { method })).status).toBe(200)
    expect((await signIn(email)).status).toBe(401)
    const pressed = await formPost(harness, path, {})
    expect(pressed.status).toBe(200)
    expect(await pressed.text()).toContain('Your address is confirmed')
    expect(pressed.headers.getSetCookie().join()).not.toMatch(/slotlink_session=/)
    expect((await signIn(email)).status).toBe(303)
  })

  it('a reset mail may go to an unconfirmed address, and using it confirms the address', async () => {
    const email = newEmail()
    await signUpOnly(email)
    await formPost(harness, '/forgot', { email }, { headers: client() })
    await harness.demo.settled()
    expect(mailsTo(email)[0]!.subject).toBe(RESET_MAIL_SUBJECT)
    const fresh = 'a fresh passphrase for confirm'
    expect((await formPost(harness, latestLinkPath(harness.outbox), { password: fresh, password_confirmation: fresh })).status).toBe(303)
    expect((await signIn(email, fresh)).status).toBe(303)
  })

  it('a second sign-up of an unconfirmed address takes it over: its password counts, older confirmations are void', async () => {
    const email = newEmail()
    await signUpOnly(email, 'the squatter password 1')
    const squatterLink = latestLinkPath(harness.outbox)
    const owner = await signUpOnly(email, 'the owners own password')
    expect((await harness.app.request(squatterLink)).status).toBe(410)
    const confirmed = await formPost(harness, '/confirm', { code: codeFromMail(mailsTo(email)[0]!.text) }, { cookie: owner.cookie, headers: client() })
    expect(confirmed.status).toBe(303)
    expect((await signIn(email, 'the squatter password 1')).status).toBe(401)
    expect((await signIn(email, 'the owners own password')).status).toBe(303)
  })
})

describe('sign-up: a taken address looks like a new one', () => {
  it('same status, page, cookie shape and code answers; the owner gets a mail offering sign-in or reset', async () => {
    const taken = newEmail()
    expect((await signUpConfirmed(harness, taken, PASSWORD)).status).toBe(303)
    const fresh = await signUpOnly(newEmail())
    const again = await signUpOnly(taken, 'someone else trying this')
    await expectIndistinguishable(fresh.response, again.response)
    for (let i = 0; i < 6; i++) {
      const a = await formPost(harness, '/confirm', { code: 'ZZZZ-ZZZZ' }, { cookie: fresh.cookie, headers: client() })
      const b = await formPost(harness, '/confirm', { code: 'ZZZZ-ZZZZ' }, { cookie: again.cookie, headers: client() })
      await expectIndistinguishable(a, b)
    }
    const [notice] = mailsTo(taken)
    expect(notice?.subject).toBe(ALREADY_REGISTERED_SUBJECT)
    expect(notice!.text).toContain(`${harness.publicUrl}/login`)
    expect(notice!.text).toContain(`${harness.publicUrl}/forgot`)
    expect(notice!.text).not.toMatch(/\/l\//)
    expect((await signIn(taken)).status).toBe(303)
  })
})

describe('sign-up mail is limited per address and per mailbox, the same for a taken and a new address', () => {
  let clock = Date.now()
  const limiter = (limit: number) => new MemoryRateLimiter({ limit, windowSeconds: 900, now: () => clock })
  const limited = sharedDemoHarness({ limits: { forgotPerAddress: limiter(5), forgotPerMailbox: limiter(10) } })
  const signUpAt = (email: string, password = PASSWORD) => formPost(limited, '/signup', { email, password }, { headers: client() })
  const mailsAt = (email: string) => limited.outbox.list().filter((m) => m.to === email)

  it('lets 5 sign-ups per address through (from different clients), refuses the 6th with 429 and Retry-After, taken or not', async () => {
    const taken = 'limited-taken@example.com'
    expect((await signUpConfirmed(limited, taken, PASSWORD, client())).status).toBe(303)
    const fresh = 'limited-fresh@example.com'
    // The confirmed sign-up above used one of the taken address's five.
    for (let i = 0; i < 4; i++) expect((await signUpAt(taken, `someone else trying ${i}`)).status).toBe(200)
    for (let i = 0; i < 5; i++) expect((await signUpAt(fresh)).status).toBe(200)
    const [refusedTaken, refusedFresh] = [await signUpAt(taken.toUpperCase(), 'one more time, taken'), await signUpAt(fresh)]
    expect([refusedTaken.status, refusedFresh.status]).toEqual([429, 429])
    const retryAfter = Number(refusedTaken.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(900)
    expect(refusedFresh.headers.get('retry-after')).toBe(refusedTaken.headers.get('retry-after'))
    const page = await refusedTaken.text()
    expect(page).toContain('We have sent that address several mails already')
    expect(page).toContain('<form method="post" action="/signup"')
    // The same page but for the address it echoes back, which is the one each typed.
    expect(page).toContain(`value="${taken.toUpperCase()}"`)
    expect((await refusedFresh.text()).replace(fresh, taken.toUpperCase())).toBe(page)
    expect(refusedTaken.headers.getSetCookie()).toEqual([])
    expect(refusedFresh.headers.getSetCookie()).toEqual([])
    await limited.demo.settled()
    // One confirmation and four "already registered" notices; five confirmations: nothing more.
    expect(mailsAt(taken)).toHaveLength(5)
    expect(mailsAt(fresh)).toHaveLength(5)
    expect(mailsAt(fresh).every((m) => m.subject === CONFIRM_MAIL_SUBJECT)).toBe(true)

    clock += retryAfter * 1000
    expect((await signUpAt(fresh)).status).toBe(200)
  })

  it('limits the mailbox too: flood+1@, flood+2@, FLOOD+3@ … share one budget of 10', async () => {
    for (let i = 0; i < 10; i++) expect((await signUpAt(`flood+${i}@example.com`)).status).toBe(200)
    expect((await signUpAt('Flood+extra@Example.com')).status).toBe(429)
    expect((await signUpAt('flood@example.com')).status).toBe(429)
    expect((await signUpAt('not-flood@example.com')).status).toBe(200)
  })
})
