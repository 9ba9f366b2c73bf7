/**
 * The Postgres peer: a tokens table keyed by SHA-256 of the token, with an index by subject (as
 * phx.gen.auth indexes user_id), through postgres.js with its defaults (10 connections, prepared
 * statements); fsync on. Consume is one statement, so a link is used once.
 */
import postgres from 'postgres'
import type { JsonObject, LinkService, OpenLink } from '../../src/core/index.ts'
import { answer, INVALID, newToken, peerSlots, tokenHash, PEER_LINK_ID, peerV2 } from './peer-token.ts'

export const TABLE = 'link_tokens'

interface Row {
  purpose: string
  subject: string
  data: JsonObject | null
  expires_at: Date
}

export function postgresLinks(url: string): LinkService & { readonly sql: postgres.Sql; migrate(): Promise<void> } {
  const sql = postgres(url, { onnotice: () => {} })
  const toLink = (row: Row): OpenLink => ({ id: PEER_LINK_ID, purpose: row.purpose, subject: row.subject, data: row.data, expiresAt: row.expires_at })
  return {
    sql,
    async migrate() {
      await sql`create table if not exists link_tokens (
        hash bytea primary key,
        purpose text not null,
        subject text not null,
        data jsonb,
        expires_at timestamptz not null
      )`
      await sql`create index if not exists link_tokens_subject on link_tokens (subject)`
    },
    async issue(input) {
      const expiresAt = Math.ceil(Date.now() / 1000) + (input.ttl ?? 900)
      const { token, hash } = newToken()
      const data = input.data ? sql.json(input.data as postgres.JSONValue) : null
      await sql`insert into link_tokens (hash, purpose, subject, data, expires_at)
        values (${hash}, ${input.purpose}, ${input.subject}, ${data}, to_timestamp(${expiresAt}))`
      return { ok: true, id: PEER_LINK_ID, token, expiresAt: new Date(expiresAt * 1000) }
    },
    async peek(token, options) {
      const hash = tokenHash(token)
      if (!hash) return INVALID
      const [row] = await sql<Row[]>`select purpose, subject, data, expires_at from link_tokens where hash = ${hash} and expires_at > now()`
      return row ? answer(toLink(row), options?.purpose) : INVALID
    },
    async consume(token, options) {
      const hash = tokenHash(token)
      if (!hash) return INVALID
      const [row] = await sql<Row[]>`delete from link_tokens where hash = ${hash} and expires_at > now() returning purpose, subject, data, expires_at`
      return row ? answer(toLink(row), options?.purpose) : INVALID
    },
    async revoke(token) {
      const hash = tokenHash(token)
      if (!hash) return INVALID
      const [row] = await sql<Row[]>`delete from link_tokens where hash = ${hash} returning purpose, subject, data, expires_at`
      return row ? { ok: true, link: toLink(row) } : INVALID
    },
    async revokeSubject(subject, purpose) {
      const rows = purpose === undefined
        ? await sql`delete from link_tokens where subject = ${subject}`
        : await sql`delete from link_tokens where subject = ${subject} and purpose = ${purpose}`
      return rows.count
    },
    ...peerV2,
    slots: peerSlots(async () => Number((await sql`select count(*)::int as n from link_tokens`)[0]!.n), () => sql.end({ timeout: 5 })),
  }
}
