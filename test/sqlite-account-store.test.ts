import Database from 'better-sqlite3'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SqliteAccountStore } from '../src/demo/node/sqlite-account-store.ts'
import { applyMigrations, MIGRATIONS_DIR } from '../src/demo/node/sqlite-migrations.ts'

const dirs: string[] = []
function tempDb() {
  const dir = mkdtempSync(join(tmpdir(), 'slotlink-accounts-'))
  dirs.push(dir)
  return join(dir, 'nested', 'accounts.db')
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('SqliteAccountStore', () => {
  it('creates the file, applies every migration once and records it in d1_migrations', () => {
    const path = tempDb()
    SqliteAccountStore.open(path).close()
    SqliteAccountStore.open(path).close() // a second start applies nothing again
    const db = new Database(path, { readonly: true })
    const names = db.prepare('SELECT name FROM d1_migrations ORDER BY id').pluck().all()
    expect(names).toEqual(readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort())
    expect(names).toContain('0001_accounts.sql')
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'accounts'").pluck().get()).toBe(1)
    db.close()
  })

  it('keeps accounts across a restart, findable by address and by id', async () => {
    const path = tempDb()
    const first = SqliteAccountStore.open(path)
    const created = await first.create({ email: 'ada@example.com', passwordHash: 'scrypt$x' })
    first.close()
    expect(created.ok).toBe(true)
    if (!created.ok) return
    const second = SqliteAccountStore.open(path)
    expect(await second.findByEmail('ada@example.com')).toEqual({ id: created.account.id, email: 'ada@example.com', passwordHash: 'scrypt$x', sessionVersion: 1, emailConfirmed: false })
    expect(await second.getById(created.account.id)).toEqual(created.account)
    expect(await second.findByEmail('bob@example.com')).toBeUndefined()
    expect(await second.getById('no-such-id')).toBeUndefined()
    second.close()
  })

  it('confirms an address once and for all; unknown ids are false', async () => {
    const store = SqliteAccountStore.open(tempDb())
    const created = await store.create({ email: 'ada@example.com', passwordHash: 'a' })
    if (!created.ok) throw new Error('create failed')
    expect(created.account.emailConfirmed).toBe(false)
    expect(await store.confirmEmail(created.account.id)).toBe(true)
    expect(await store.confirmEmail(created.account.id)).toBe(true)
    expect((await store.findByEmail('ada@example.com'))?.emailConfirmed).toBe(true)
    expect(await store.confirmEmail('no-such-id')).toBe(false)
    store.close()
  })

  it('migration 0003 keeps accounts made before it usable: they count as confirmed', async () => {
    const path = tempDb()
    const before = join(path, '..', 'migrations-before-0003')
    mkdirSync(before, { recursive: true })
    for (const name of readdirSync(MIGRATIONS_DIR).filter((f) => f < '0003')) copyFileSync(join(MIGRATIONS_DIR, name), join(before, name))
    const db = new Database(path)
    applyMigrations(db, before)
    db.prepare("INSERT INTO accounts (id, email, password_hash, created_at, password_changed_at) VALUES ('old', 'old@example.com', 'h', 1, 1)").run()
    db.close()
    const store = SqliteAccountStore.open(path)
    expect((await store.getById('old'))?.emailConfirmed).toBe(true)
    const created = await store.create({ email: 'new@example.com', passwordHash: 'h' })
    expect(created.ok && created.account.emailConfirmed).toBe(false)
    store.close()
  })

  it('answers email_taken for a second account with the same address', async () => {
    const store = SqliteAccountStore.open(tempDb())
    expect((await store.create({ email: 'ada@example.com', passwordHash: 'a' })).ok).toBe(true)
    expect(await store.create({ email: 'ada@example.com', passwordHash: 'b' })).toEqual({ ok: false, reason: 'email_taken' })
    expect((await store.findByEmail('ada@example.com'))?.passwordHash).toBe('a')
    store.close()
  })

  it('changes the password and bumps the session version only from the expected version', async () => {
    const store = SqliteAccountStore.open(tempDb())
    const created = await store.create({ email: 'ada@example.com', passwordHash: 'old' })
    if (!created.ok) throw new Error('create failed')
    const id = created.account.id
    expect(await store.setPassword(id, 'new', 1)).toEqual({ ok: true, account: { id, email: 'ada@example.com', passwordHash: 'new', sessionVersion: 2, emailConfirmed: false } })
    // A second change made from the same, now stale, version loses: two reset links cannot both win.
    expect(await store.setPassword(id, 'other', 1)).toEqual({ ok: false, reason: 'stale' })
    expect((await store.getById(id))?.passwordHash).toBe('new')
    expect(await store.setPassword('no-such-id', 'x', 1)).toEqual({ ok: false, reason: 'not_found' })
    store.close()
  })
})
