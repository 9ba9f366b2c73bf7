import { describe, expect, it } from 'vitest'
import { SIGN_IN_MAIL_SUBJECT } from '../src/demo/sign-in-mail.tsx'
import { cookieFrom, formPost, latestLinkPath, sharedDemoHarness, signUpConfirmed, testIdentities } from './support/demo-app.ts'
import { codeFromMail, expectIndistinguishable, sameShapeCookies } from './support/demo-flows.ts'

const PASSWORD = 'correct horse battery staple'
const harness = sharedDemoHarness()
const { newEmail, client } = testIdentities('magic', '203.0.113')

async function signUp() {
  const email = newEmail()
  expect((await signUpConfirmed(harness, email, PASSWORD)).status).toBe(303)
  return email
}

async function askForLink(email: string) {
  const response = await formPost(harness, '/login/link', { email }, { headers: client() })
  expect(response.status).toBe(200)
  await harness.demo.settled()
  return { response, cookie: cookieFrom(response) }
}

const home = async (cookie: string) => (await harness.app.request('/', { headers: { cookie } })).text()

describe('magic sign-in', () => {
  it('/login offers it; the mail has a link and a code; the code signs in the browser that asked', async () => {
    const login = await (await harness.app.request('/login')).text()
    expect(login).toMatch(/<form method="post" action="\/login\/link"/)
    const email = await signUp()
    const { response, cookie } = await askForLink(email)
    expect(cookie).toMatch(/^slotlink_sign_in_ticket=[A-Za-z0-9_-]+$/)
    expect(response.headers.get('set-cookie')).toMatch(/Path=\/login; HttpOnly; SameSite=Lax/)
    expect(await response.text()).toMatch(/<form method="post" action="\/login\/code"/)
    const mail = harness.outbox.list()[0]!
    expect(mail.to).toBe(email)
    expect(mail.subject).toBe(SIGN_IN_MAIL_SUBJECT)
    expect(mail.text).toMatch(/expire in 10 minutes/)
    const signedIn = await formPost(harness, '/login/code', { code: codeFromMail(mail.text) }, { cookie, headers: client() })
    expect(signedIn.status).toBe(303)
    expect(signedIn.headers.get('location')).toBe('/')
    const session = cookieFrom(signedIn)
    expect(session).toMatch(/slotlink_session=/)
    expect(await home(session)).toContain(email)
  })

  it('the link names the account masked, signs in nobody on GET or HEAD, and signs in the browser that presses the button', async () => {
    const email = await signUp()
    await askForLink(email)
    const path = latestLinkPath(harness.outbox)
    for (const method of ['GET', 'HEAD', 'GET']) {
      const page = await harness.app.request(path, { method })
      expect(page.status).toBe(200)
      expect(page.headers.getSetCookie().join()).not.toMatch(/slotlink_session/)
      if (method === 'GET') {
        const html = await page.text()
        expect(html).toContain(`Sign in as <strong>m***@example.com</strong>`)
        expect(html).not.toContain(email)
        expect(html).toContain(`<form method="post" action="${path}">`)
      }
    }
    // Another device, without the ticket: the click is what signs it in.
    const click = await formPost(harness, path, {})
    expect(click.status).toBe(303)
    expect(await home(cookieFrom(click))).toContain(email)
    const again = await harness.app.request(path)
    expect(again.status).toBe(410)
  })

  it('a password reset since the mail voids the sign-in link', async () => {
    const email = await signUp()
    await askForLink(email)
    const signInPath = latestLinkPath(harness.outbox)
    await formPost(harness, '/forgot', { email }, { headers: client() })
    await harness.demo.settled()
    const resetPath = latestLinkPath(harness.outbox)
    expect((await formPost(harness, resetPath, { password: 'another good passphrase', password_confirmation: 'another good passphrase' })).status).toBe(303)
    const click = await formPost(harness, signInPath, {})
    expect(click.status).toBe(410)
    expect(click.headers.getSetCookie().join()).not.toMatch(/slotlink_session=/)
  })

  it('a newer sign-in mail replaces the older one (supersede)', async () => {
    const email = await signUp()
    await askForLink(email)
    const first = latestLinkPath(harness.outbox)
    await askForLink(email)
    expect((await harness.app.request(first)).status).toBe(410)
    expect((await harness.app.request(latestLinkPath(harness.outbox))).status).toBe(200)
  })

  it('answers a known and an unknown address the same: status, page, cookie shape, code answers', async () => {
    const email = await signUp()
    const before = harness.outbox.list().length
    const known = await askForLink(email)
    const unknown = await askForLink(`nobody-${newEmail()}`)
    expect(harness.outbox.list().length).toBe(before + 1)
    expect(unknown.response.status).toBe(known.response.status)
    expect(await unknown.response.text()).toBe(await known.response.text())
    sameShapeCookies(known.response, unknown.response)
    for (let i = 0; i < 6; i++) {
      const a = await formPost(harness, '/login/code', { code: 'ZZZZ-ZZZZ' }, { cookie: known.cookie, headers: client() })
      const b = await formPost(harness, '/login/code', { code: 'ZZZZ-ZZZZ' }, { cookie: unknown.cookie, headers: client() })
      await expectIndistinguishable(a, b)
    }
  })

  it('answers 422 on the sign-in page for an address that cannot be one, and sends nothing', async () => {
    const before = harness.outbox.list().length
    const response = await formPost(harness, '/login/link', { email: 'nope' }, { headers: client() })
    expect(response.status).toBe(422)
    expect(await response.text()).toMatch(/<p id="field-link-email-error" class="error">/)
    await harness.demo.settled()
    expect(harness.outbox.list().length).toBe(before)
  })
})
