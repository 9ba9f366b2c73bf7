/**
 * A private Postgres cluster from Debian's package, on loopback: initdb into a temporary
 * directory, start the postmaster, stop it by PID (SIGINT: fast shutdown), remove the directory.
 */
import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { launch, waitUntil } from '../../scripts/lib/launch.ts'
import { startScratchServer, type ScratchServer } from './scratch-server.ts'

export type PostgresServer = ScratchServer

const DEBIAN_ROOT = '/usr/lib/postgresql'

function findBinDir(): string | undefined {
  if (!existsSync(DEBIAN_ROOT)) return undefined
  const versions = readdirSync(DEBIAN_ROOT)
    .filter((v) => existsSync(join(DEBIAN_ROOT, v, 'bin', 'postgres')) && existsSync(join(DEBIAN_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] && join(DEBIAN_ROOT, versions[0], 'bin')
}

/** Postgres refuses to run as root; as root, the cluster belongs to Debian's `postgres` account. */
function clusterOwner(): { uid: number; gid: number } | undefined | string {
  if (process.getuid?.() !== 0) return undefined
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }))
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }))
    return { uid, gid }
  } catch {
    return 'running as root and there is no postgres account to own the cluster'
  }
}

/** Starts Postgres, or says why it cannot (then the bench skips the Postgres row). */
export async function startPostgres(): Promise<PostgresServer | string> {
  const bin = findBinDir()
  if (!bin) return `Postgres is not installed (apt-get install postgresql; looked in ${DEBIAN_ROOT}/*/bin)`
  const owner = clusterOwner()
  if (typeof owner === 'string') return owner
  const dir = mkdtempSync(join(tmpdir(), 'slotlink-bench-pg-'))
  if (owner) chownSync(dir, owner.uid, owner.gid)
  const data = join(dir, 'data')
  try {
    execFileSync(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'bench', '-E', 'UTF8', '--locale=C', '--no-sync'], { ...owner, stdio: 'pipe' })
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    return `initdb failed: ${String((error as { stderr?: Buffer }).stderr ?? error).trim().split('\n').pop()}`
  }
  const launchOn = async (port: number) => {
    // fsync and synchronous_commit are Postgres's defaults; named here because the comparison depends on them.
    const args = ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, '-c', 'fsync=on', '-c', 'synchronous_commit=on']
    const launched = launch(join(bin, 'postgres'), args, owner ?? {})
    const url = `postgres://bench@127.0.0.1:${port}/postgres`
    await waitUntil('postgres', launched, async () => {
      const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 2 })
      try {
        await sql`select 1`
        return true
      } finally {
        await sql.end({ timeout: 1 })
      }
    })
    return { server: launched, url }
  }
  // SIGINT is Postgres's fast shutdown; SIGTERM would wait for clients to leave.
  return startScratchServer(dir, launchOn, (server) => server.child.kill('SIGINT'))
}
