/**
 * One run through every lifecycle event a link can have, against a running service (Node or
 * workerd), and what a receiver must then have been sent: each event with exactly the fields the
 * contract lists (`data: {id, purpose, subject, reason?}`), the right purpose and id, and no token,
 * ticket or code anywhere in a body.
 */
import { expect } from 'vitest'
import type { LifecycleEvent } from '../../src/core/webhooks/lifecycle-event.ts'
import type { WebhookReceiver } from './webhook-receiver.ts'

type Api = (path: string, method?: string, json?: unknown) => Promise<Response>

interface Minted {
  readonly id: string
  readonly token: string
  readonly ticket?: string
  readonly code?: string
}

export interface ExpectedEvent {
  readonly type: LifecycleEvent['type']
  readonly data: LifecycleEvent['data']
}

/** A code of the right shape that is not the link's (one chance in 2^40 that it is). */
const WRONG_CODE = 'ZZZZ-ZZZZ'

/**
 * Mints, redeems (right and wrong codes, to the lock), supersedes, revokes by id and by subject,
 * each for subjects under `prefix`; returns the events this must cause and the secrets handed out.
 */
export async function runEveryLifecycleEvent(api: Api, prefix: string): Promise<{ expected: ExpectedEvent[]; secrets: string[] }> {
  const expected: ExpectedEvent[] = []
  const secrets: string[] = []
  const mint = async (body: Record<string, unknown>): Promise<Minted> => {
    const res = await api('/api/links', 'POST', body)
    expect(res.status).toBe(201)
    const minted = (await res.json()) as Minted
    secrets.push(minted.token, ...(minted.ticket ? [minted.ticket, minted.code!, minted.code!.replace('-', '')] : []))
    expected.push({ type: 'link.issued', data: { id: minted.id, purpose: body.purpose as string, subject: body.subject as string } })
    return minted
  }
  const redeem = (minted: Minted, code: string) => api('/api/links/redeem', 'POST', { ticket: minted.ticket, code })

  // Wrong codes to the lock: four link.code_failed, then link.locked with its reason.
  const locking = { purpose: 'sign_in', subject: `${prefix}-codes` }
  const locked = await mint({ ...locking, code: true })
  for (let attempt = 1; attempt < 5; attempt++) {
    const res = await redeem(locked, WRONG_CODE)
    expect(res.status).toBe(422)
    const body = await res.json()
    expect(body).toMatchObject({ error: 'wrong_code', attemptsLeft: 5 - attempt })
    // The caller is never told whose link it is.
    expect(JSON.stringify(body)).not.toContain(locking.subject)
    expected.push({ type: 'link.code_failed', data: { id: locked.id, ...locking } })
  }
  const lockedRes = await redeem(locked, WRONG_CODE)
  expect(lockedRes.status).toBe(410)
  expect(JSON.stringify(await lockedRes.json())).not.toContain(locking.subject)
  expected.push({ type: 'link.locked', data: { id: locked.id, ...locking, reason: 'locked' } })

  // The right code: link.redeemed.
  const redeeming = { purpose: 'reset_password', subject: `${prefix}-codes` }
  const redeemed = await mint({ ...redeeming, code: true })
  expect((await redeem(redeemed, redeemed.code!.toLowerCase())).status).toBe(200)
  expected.push({ type: 'link.redeemed', data: { id: redeemed.id, ...redeeming } })

  // A resend with supersede: link.superseded for the older one, with its purpose.
  const resending = { purpose: 'reset_password', subject: `${prefix}-resend` }
  const older = await mint(resending)
  await mint({ ...resending, supersede: true })
  expected.push({ type: 'link.superseded', data: { id: older.id, ...resending, reason: 'superseded' } })

  // Revoke by id: the route knows no purpose, the event still carries the link's.
  const byId = { purpose: 'confirm_email', subject: `${prefix}-by-id` }
  const cancelled = await mint(byId)
  expect((await api(`/api/subjects/${byId.subject}/links/${cancelled.id}`, 'DELETE')).status).toBe(204)
  expected.push({ type: 'link.revoked', data: { id: cancelled.id, ...byId, reason: 'revoked' } })

  // Revoke by subject with no purpose filter: each event has its own link's purpose.
  const everything = `${prefix}-all`
  const first = await mint({ purpose: 'sign_in', subject: everything })
  const second = await mint({ purpose: 'confirm_email', subject: everything })
  const res = await api(`/api/subjects/${everything}/links`, 'DELETE')
  expect(await res.json()).toEqual({ revoked: 2 })
  expected.push({ type: 'link.revoked', data: { id: first.id, purpose: 'sign_in', subject: everything, reason: 'revoked' } })
  expected.push({ type: 'link.revoked', data: { id: second.id, purpose: 'confirm_email', subject: everything, reason: 'revoked' } })
  return { expected, secrets }
}

/** The verified events the receiver got for subjects under `prefix`, as type and data. */
export function receivedFor(receiver: WebhookReceiver, prefix: string): ExpectedEvent[] {
  return receiver.received
    .filter((r) => r.verified !== undefined && (r.verified as LifecycleEvent).data.subject.startsWith(`${prefix}-`))
    .map((r) => {
      const event = r.verified as LifecycleEvent
      expect(Object.keys(event).sort()).toEqual(['data', 'timestamp', 'type'])
      return { type: event.type, data: event.data }
    })
}

const order = (events: ExpectedEvent[]) => [...events].map((e) => JSON.stringify(e)).sort()

/** Every expected event arrived, and nothing else (a receiver that answers at once gets no retries); no secret in any body. */
export function expectEveryLifecycleEvent(receiver: WebhookReceiver, prefix: string, run: { expected: ExpectedEvent[]; secrets: string[] }): void {
  expect(receiver.rejected).toEqual([])
  expect(order(receivedFor(receiver, prefix))).toEqual(order(run.expected))
  const bodies = receiver.received.map((r) => r.body).join('\n')
  for (const secret of run.secrets) expect(bodies).not.toContain(secret)
}
