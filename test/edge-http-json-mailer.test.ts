import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HttpJsonMailer, MailSendError } from '../src/demo/edge/http-json-mailer.ts'
import { captureLogger } from './support/node-target.ts'

// The mailer uses fetch only, so Node runs the code workerd does; edge-demo.test.ts sends through it on workerd.
const MAIL = { to: 'ada@example.com', subject: 'Reset your password', text: 'link: https://x/l/secret-token', html: '<a href="https://x/l/secret-token">reset</a>' }
let server: Server
let endpoint: string
let answer = { status: 200, body: '{"id":"1"}' }
const received: { method?: string; headers: Record<string, unknown>; body: unknown }[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = ''
    req.on('data', (chunk) => (text += chunk))
    req.on('end', () => {
      received.push({ method: req.method, headers: req.headers, body: JSON.parse(text) })
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/emails`
})
afterAll(() => new Promise((resolve) => server?.close(resolve)))

describe('HttpJsonMailer', () => {
  it('POSTs {from, to, subject, text, html} as JSON with the bearer key, and logs no address or body', async () => {
    const logger = captureLogger()
    const mailer = new HttpJsonMailer({ endpoint, apiKey: 'the-mail-key', from: 'slotlink <no-reply@example.com>', logger })
    answer = { status: 202, body: '{"id":"1"}' }
    await mailer.send(MAIL)
    const last = received.at(-1)!
    expect(last.method).toBe('POST')
    expect(last.headers.authorization).toBe('Bearer the-mail-key')
    expect(last.headers['content-type']).toBe('application/json')
    expect(last.body).toEqual({ from: 'slotlink <no-reply@example.com>', ...MAIL })
    const log = logger.lines.join('\n')
    expect(log).toContain('mail_sent')
    for (const secret of ['ada@example.com', 'secret-token', 'the-mail-key']) expect(log).not.toContain(secret)
  })

  it('rejects with the status alone when the API refuses, though its body quotes the recipient', async () => {
    const mailer = new HttpJsonMailer({ endpoint, apiKey: 'k', from: 'f', logger: captureLogger() })
    answer = { status: 422, body: '{"message":"ada@example.com is not a valid recipient"}' }
    const error = await mailer.send(MAIL).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MailSendError)
    expect((error as MailSendError).responseCode).toBe(422)
    expect(String(error)).not.toContain('ada@example.com')
  })

  it('rejects when the endpoint cannot be reached', async () => {
    const mailer = new HttpJsonMailer({ endpoint: 'http://127.0.0.1:1/emails', apiKey: 'k', from: 'f', logger: captureLogger() })
    const error = await mailer.send(MAIL).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MailSendError)
    expect((error as MailSendError).responseCode).toBeUndefined()
  })
})
