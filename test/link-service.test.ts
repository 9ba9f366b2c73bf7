import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Keyring } from '../src/core/keyring.ts'
import { createLinkService, type LinkService, type Operation, type OutcomeDetails } from '../src/core/link-service.ts'
import { PiscinaSlotStore } from '../src/node/piscina-slot-store.ts'

/**
 * What the link service tells its observer, on real slot workers: one outcome per request, and one
 * per link a bulk close closed, each with the link's id, purpose, subject and reason where known,
 * so that a lifecycle-event sink can turn every change into an event. Never a secret.
 */
let slots: PiscinaSlotStore
let links: LinkService
const heard: { operation: Operation; result: string; details?: OutcomeDetails }[] = []
beforeAll(async () => {
  slots = await PiscinaSlotStore.start({ threads: 1 })
  links = createLinkService({ keyring: await Keyring.random(), slots, observer: { outcome: (operation, result, details) => heard.push({ operation, result, details }) } })
})
afterAll(() => slots?.close())

const issue = async (input: { subject: string; purpose?: string; code?: boolean; supersede?: boolean }) => {
  const issued = await links.issue({ purpose: 'sign_in', ...input })
  if (!issued.ok) throw new Error('issue failed')
  return issued
}

describe('link service observer', () => {
  it('hears each outcome with id, purpose, subject and reason, and never a token, ticket or code', async () => {
    heard.length = 0
    const a = await issue({ subject: 'obs-1', code: true })
    expect(await links.consume(a.token)).toMatchObject({ ok: true })
    expect(await links.redeem(a.ticket!, a.code!)).toMatchObject({ ok: false, reason: 'used' })
    const b = await issue({ subject: 'obs-1', code: true })
    for (let i = 0; i < 4; i++) await links.redeem(b.ticket!, 'ZZZZ-ZZZZ')
    expect(await links.redeem(b.ticket!, 'ZZZZ-ZZZZ')).toMatchObject({ ok: false, reason: 'used', used: { reason: 'locked' }, closedNow: true })
    expect(await links.redeem(b.ticket!, 'ZZZZ-ZZZZ')).toMatchObject({ ok: false, reason: 'used', used: { reason: 'locked' } })

    expect(heard.slice(0, 3)).toEqual([
      { operation: 'issue', result: 'ok', details: { id: a.id, purpose: 'sign_in', subject: 'obs-1' } },
      { operation: 'consume', result: 'ok', details: { id: a.id, purpose: 'sign_in', subject: 'obs-1' } },
      { operation: 'redeem', result: 'used', details: { id: a.id, purpose: 'sign_in', reason: 'consumed' } },
    ])
    const wrong = heard.filter((h) => h.result === 'wrong_code')
    expect(wrong.map((h) => h.details?.attemptsLeft)).toEqual([4, 3, 2, 1])
    const locked = heard.filter((h) => h.details?.reason === 'locked')
    expect(locked.map((h) => h.details?.closedNow ?? false)).toEqual([true, false])
    const text = JSON.stringify(heard)
    for (const secret of [a.token, a.ticket!, a.code!, b.token, b.ticket!, b.code!]) expect(text).not.toContain(secret)
  })

  it('hears one outcome per link that supersede, revoke-by-subject and revoke-by-id close', async () => {
    const old = [await issue({ subject: 'obs-2', purpose: 'reset_password' }), await issue({ subject: 'obs-2', purpose: 'reset_password' })]
    heard.length = 0
    const newest = await issue({ subject: 'obs-2', purpose: 'reset_password', supersede: true })
    const superseded = heard.filter((h) => h.operation === 'supersede')
    expect(superseded.map((h) => h.details?.id).sort()).toEqual(old.map((l) => l.id).sort())
    for (const h of superseded) expect(h.details).toMatchObject({ subject: 'obs-2', purpose: 'reset_password', reason: 'superseded' })
    expect(heard.find((h) => h.operation === 'issue')?.details).toMatchObject({ id: newest.id, superseded: 2 })

    const other = await issue({ subject: 'obs-2', purpose: 'sign_in' })
    heard.length = 0
    expect(await links.revokeById('obs-2', other.id)).toBe(true)
    expect(await links.revokeSubject('obs-2')).toBe(1)
    expect(heard).toEqual([
      // Each with its link's own purpose, though neither call named one.
      { operation: 'revokeById', result: 'ok', details: { id: other.id, purpose: 'sign_in', subject: 'obs-2', reason: 'revoked' } },
      { operation: 'revokeSubject', result: 'ok', details: { id: newest.id, purpose: 'reset_password', subject: 'obs-2', reason: 'revoked' } },
    ])
  })
})
