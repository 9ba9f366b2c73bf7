import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger, isoTimeByMillisecond } from '../src/server/node/logger.ts'

function capture() {
  const lines: Record<string, unknown>[] = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      done()
    },
  })
  return { lines, logger: createLogger(destination) }
}

describe('the Node logger (the one redaction list)', () => {
  it('keeps an error code visible, bare and nested: a failed mail says EAUTH, not [redacted]', () => {
    const { lines, logger } = capture()
    logger.error({ event: 'background_failed', error: 'Error', code: 'EAUTH', responseCode: 535, cause: { code: 'ECONNREFUSED' } })
    expect(lines[0]).toMatchObject({ code: 'EAUTH', responseCode: 535, cause: { code: 'ECONNREFUSED' } })
  })

  it('still hides secrets that slip in, under the names a link code, token or ticket would have', () => {
    const { lines, logger } = capture()
    logger.info({ event: 'oops', token: 't', ticket: 'k', linkCode: 'ABCD-EFGH', password: 'p', email: 'e@x', apiKey: 'a', request: { token: 't', linkCode: 'c', headers: { cookie: 'c' } } })
    const text = JSON.stringify(lines[0])
    for (const secret of ['"t"', '"k"', 'ABCD-EFGH', '"p"', 'e@x', '"a"', '"c"']) expect(text).not.toContain(secret)
  })

  it('writes request lines through the same writer, in order, and still redacts every other line', () => {
    const { lines, logger } = capture()
    logger.info({ event: 'first', token: 't' })
    logger.requestLines.info({ event: 'request', method: 'POST', route: '/api/links', status: 201, ms: 1.2, requestId: 'r1' })
    logger.warn({ event: 'third', request: { token: 't' } })
    expect(lines.map((l) => l.event)).toEqual(['first', 'request', 'third'])
    expect(lines[1]).toMatchObject({ method: 'POST', route: '/api/links', status: 201, ms: 1.2, requestId: 'r1' })
    expect(JSON.stringify([lines[0], lines[2]])).not.toContain('"t"')
  })

  it('stamps each line with its own millisecond, as ISO 8601', () => {
    let now = Date.UTC(2026, 11, 2, 9, 30, 0, 5)
    const time = isoTimeByMillisecond(() => now)
    expect(time()).toBe(',"time":"2026-12-02T09:30:00.005Z"')
    expect(time()).toBe(',"time":"2026-12-02T09:30:00.005Z"')
    now += 1
    expect(time()).toBe(',"time":"2026-12-02T09:30:00.006Z"')
    now -= 1000 // a clock set back is followed, not ignored
    expect(time()).toBe(',"time":"2026-12-02T09:29:59.006Z"')
    const { lines, logger } = capture()
    logger.info({ event: 'stamped' })
    expect(Date.parse(String(lines[0]!.time))).toBeGreaterThan(Date.now() - 60_000)
  })
})
