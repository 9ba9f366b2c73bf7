/**
 * Bytes per open link in the peers' stores, beside slotlink's RSS figure: Redis's own account
 * (`INFO memory` used_memory) and Postgres's (`pg_total_relation_size`: heap, primary key and
 * subject index), each before and after N links of the same shape.
 */
import { redisLinks } from '../peers/redis-links.ts'
import { postgresLinks, TABLE } from '../peers/postgres-links.ts'

const CONCURRENCY = 256

async function issueMany(issue: (n: number) => Promise<unknown>, count: number): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) await issue(next++)
  }))
}

const usedMemory = (info: string) => Number(/used_memory:(\d+)/.exec(info)?.[1])

/** Through the Redis peer's own mint (SET … PX … NX), then FLUSHALL. */
export async function redisBytesPerLink(url: string, links: number): Promise<number> {
  const peer = redisLinks(url)
  try {
    await peer.redis.flushall()
    const before = usedMemory(await peer.redis.info('memory'))
    await issueMany((n) => peer.issue({ purpose: 'reset_password', subject: `user-${n}`, ttl: 3600 }), links)
    const after = usedMemory(await peer.redis.info('memory'))
    await peer.redis.flushall()
    return (after - before) / links
  } finally {
    peer.redis.disconnect()
  }
}

/**
 * Rows of the Postgres peer's shape (random 32-byte hashes, so the primary key fills as it does
 * in use), written 10,000 to a statement: the table's size does not depend on how rows came, and
 * a million single inserts with fsync would take minutes.
 */
export async function postgresBytesPerLink(url: string, links: number): Promise<number> {
  const peer = postgresLinks(url)
  const { sql } = peer
  try {
    await peer.migrate()
    await sql`truncate ${sql(TABLE)}`
    const batch = 10_000
    for (let start = 0; start < links; start += batch) {
      const n = Math.min(batch, links - start)
      await sql`insert into link_tokens (hash, purpose, subject, data, expires_at)
        select sha256(gen_random_uuid()::text::bytea || i::text::bytea), 'reset_password', 'user-' || i, null, now() + interval '1 hour'
        from generate_series(${start}::int, ${start + n - 1}::int) as i`
    }
    const [row] = await sql<{ bytes: string }[]>`select pg_total_relation_size(${TABLE}) as bytes`
    await sql`truncate ${sql(TABLE)}`
    return Number(row!.bytes) / links
  } finally {
    await sql.end({ timeout: 5 })
  }
}
