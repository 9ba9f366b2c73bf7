import { expect } from 'vitest'

/** The typed code (`ABCD-EFGH`) in a mail's text part. */
export function codeFromMail(text: string): string {
  const code = /^ {4}([0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4})$/m.exec(text)?.[1]
  if (!code) throw new Error('no code in the mail')
  return code
}

/** A page with what differs per request (tokens in form actions, times) replaced by placeholders. */
export function withoutPerRequestValues(html: string): string {
  return html
    .replace(/\/l\/[A-Za-z0-9_-]+/g, '/l/<token>')
    .replace(/\d{4}-\d\d-\d\dT?[ \d:.]*Z?( UTC)?/g, '<time>')
    // A moment as Intl writes it in English or German (formatInstant).
    .replace(/[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d\s[AP]M UTC|\d{1,2}\. [A-Z][a-zä]{2,3}\.? \d{4}, \d{1,2}:\d\d UTC/g, '<time>')
}

/** Each Set-Cookie with its value replaced by its length: name, length and attributes must match. */
export function cookieShapes(response: Response): string[] {
  return response.headers.getSetCookie().map((line) => line.replace(/^([^=]+)=([^;]*)/, (_, name: string, value: string) => `${name}=<${value.length} ${/^[A-Za-z0-9_-]*$/.test(value) ? 'base64url' : 'other'}>`))
}

export function sameShapeCookies(a: Response, b: Response): void {
  expect(cookieShapes(b)).toEqual(cookieShapes(a))
}

/**
 * Two answers an onlooker must not tell apart (a known and an unknown account, a taken and a new
 * address): the same status, the same page but for per-request values, cookies of the same shape.
 * Reads both bodies.
 */
export async function expectIndistinguishable(a: Response, b: Response): Promise<void> {
  expect(b.status).toBe(a.status)
  expect(withoutPerRequestValues(await b.text())).toBe(withoutPerRequestValues(await a.text()))
  sameShapeCookies(a, b)
}
