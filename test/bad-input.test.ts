import { describe, expect, it } from 'vitest'
import { parseEmail } from '../src/demo/email-address.ts'
import { formPost, sharedDemoHarness } from './support/demo-app.ts'
import { TEST_API_KEY } from './support/node-target.ts'

const harness = sharedDemoHarness()

const MALFORMED_MULTIPART: [string, string][] = [
  ['multipart/form-data; boundary=xyz', 'this is not multipart at all'],
  ['multipart/form-data', '--\r\nContent-Disposition: form-data; name="email"\r\n\r\nx'],
  ['multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\nunterminated'],
]

describe('bad input on the demo forms and the API: 400, never 500', () => {
  for (const path of ['/signup', '/login', '/forgot']) {
    it.each(MALFORMED_MULTIPART)(`${path}: malformed multipart (%s) is a 400 page`, async (type, body) => {
      const res = await harness.app.request(path, {
        method: 'POST',
        headers: { 'content-type': type, origin: harness.publicUrl, 'sec-fetch-site': 'same-origin' },
        body,
      })
      expect(res.status).toBe(400)
      expect(res.headers.get('content-type')).toMatch(/^text\/html/)
      expect(await res.text()).toContain('<form')
    })
  }

  it.each([
    ['NUL', 'ada\u0000@example.com'],
    ['a control character', 'ada\u0007@example.com'],
    ['a right-to-left override', 'ada\u202e@example.com'],
    ['a bidi isolate', '\u2066ada@example.com'],
    ['DEL', 'ada\u007f@example.com'],
  ])('refuses an address holding %s with 400 and a message saying why', async (_, email) => {
    for (const path of ['/signup', '/forgot']) {
      const res = await formPost(harness, path, { email, password: 'correct horse battery staple' })
      expect(res.status, path).toBe(400)
      expect(await res.text()).toContain('invisible or control characters')
    }
    expect(parseEmail(email)).toMatchObject({ ok: false, reason: 'forbidden_characters' })
  })

  it('answers data nested 5,000 deep with 400 invalid_request naming the field', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000)
    const res = await harness.app.request('/api/links', {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: `{"purpose":"p","subject":"s","data":{"deep":${deep}}}`,
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: 'invalid_request', field: 'data' })
  })

  it('still takes data nested a few levels deep', async () => {
    const res = await harness.app.request('/api/links', {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ purpose: 'p', subject: 's', data: { a: { b: { c: [1, [2, { d: 3 }]] } } } }),
    })
    expect(res.status).toBe(201)
  })
})
