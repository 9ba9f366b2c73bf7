import { describe, expect, it } from 'vitest'
import { cookieFrom, formPost, latestLinkPath, sharedDemoHarness, signUpConfirmed, testIdentities } from './support/demo-app.ts'

const PASSWORD = 'correct horse battery staple'
const NEW_PASSWORD = 'replayed password is fine'
const harness = sharedDemoHarness()
const { newEmail, client } = testIdentities('replay', '198.18.0')

async function mailedLink(path: '/forgot' | '/login/link') {
  const email = newEmail()
  expect((await signUpConfirmed(harness, email, PASSWORD)).status).toBe(303)
  await formPost(harness, path, { email }, { headers: client() })
  await harness.demo.settled()
  return { email, link: latestLinkPath(harness.outbox) }
}

/** Opens the link page as a browser would: its cookie and the form's nonce. */
async function open(link: string, cookie = '') {
  const page = await harness.app.request(link, cookie ? { headers: { cookie } } : undefined)
  expect(page.status).toBe(200)
  const html = await page.text()
  const nonce = /<input type="hidden" name="page_nonce" value="([A-Za-z0-9_-]{22})"/.exec(html)?.[1]
  expect(nonce).toBeDefined()
  const setCookie = page.headers.getSetCookie().find((line) => line.startsWith('slotlink_page_nonce='))!
  expect(setCookie).toMatch(/HttpOnly/)
  expect(setCookie).toMatch(/Path=\/l\//)
  return { nonce: nonce!, cookie: cookieFrom(page) }
}

describe('same-browser replay of a link page POST', () => {
  it('reset: a refresh or double submit from the same browser lands on the same success; another browser gets the tombstone', async () => {
    const { link } = await mailedLink('/forgot')
    const browser = await open(link)
    const otherBrowser = await open(link)
    expect(otherBrowser.nonce).not.toBe(browser.nonce)
    const fields = { password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD, page_nonce: browser.nonce }
    const [first, second] = await Promise.all([formPost(harness, link, fields, { cookie: browser.cookie }), formPost(harness, link, fields, { cookie: browser.cookie })])
    for (const answer of [first, second]) {
      expect(answer.status).toBe(303)
      expect(answer.headers.get('location')).toBe('/login?notice=password_changed')
    }
    const refresh = await formPost(harness, link, fields, { cookie: browser.cookie })
    expect(refresh.status).toBe(303)
    expect(refresh.headers.get('location')).toBe('/login?notice=password_changed')

    const elsewhere = await formPost(harness, link, { ...fields, page_nonce: otherBrowser.nonce }, { cookie: otherBrowser.cookie })
    expect(elsewhere.status).toBe(410)
    expect(await elsewhere.text()).toContain('This link has already been used')
    // The nonce alone, without the browser's cookie, replays nothing.
    expect((await formPost(harness, link, fields)).status).toBe(410)
  })

  it('sign-in: a second press in the same browser signs it in again; another browser is refused', async () => {
    const { email, link } = await mailedLink('/login/link')
    const browser = await open(link)
    const first = await formPost(harness, link, { page_nonce: browser.nonce }, { cookie: browser.cookie })
    expect(first.status).toBe(303)
    const session = cookieFrom(first)
    const again = await formPost(harness, link, { page_nonce: browser.nonce }, { cookie: `${browser.cookie}; ${session}` })
    expect(again.status).toBe(303)
    expect(again.headers.get('location')).toBe('/')
    expect(await (await harness.app.request('/', { headers: { cookie: session } })).text()).toContain(email)
    expect((await harness.app.request(link)).status).toBe(410) // the page itself says "used" to everyone now
    const elsewhere = await formPost(harness, link, { page_nonce: 'A'.repeat(22) }, { cookie: `slotlink_page_nonce=${'A'.repeat(22)}` })
    expect(elsewhere.status).toBe(410)
    expect(elsewhere.headers.getSetCookie().join()).not.toMatch(/slotlink_session=/)
  })
})
