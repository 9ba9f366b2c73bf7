import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { answers, freePort, isAddressInUse, launch, onFreePort, waitUntil, type Launched } from '../scripts/lib/launch.ts'

/** A real HTTP server in its own process, started the way the bench starts servers under test. */
async function startHttpChild(port: number): Promise<Launched> {
  const child = launch(process.execPath, ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`])
  await waitUntil('http child', child, () => answers(`http://127.0.0.1:${port}/`), 10_000)
  return child
}

/** Holds a loopback port, as another test file's server would between freePort and its own bind. */
async function holdPort(): Promise<{ port: number; server: Server }> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as { port: number }).port, server }
}

describe('onFreePort', () => {
  const cleanup: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const step of cleanup.splice(0)) await step()
  })

  it('starts again on another port when the one it was handed is taken before the bind', async () => {
    const held = await holdPort()
    cleanup.push(() => void held.server.close())
    const handed: number[] = []
    const pickPort = async () => {
      const port = handed.length === 0 ? held.port : await freePort()
      handed.push(port)
      return port
    }

    const child = await onFreePort(startHttpChild, { pickPort })
    cleanup.push(() => child.stop())

    expect(handed).toHaveLength(2)
    expect(handed[0]).toBe(held.port)
    expect(await answers(`http://127.0.0.1:${handed[1]}/`)).toBe(true)
  })

  it('gives up after its attempts with the reason the last one failed', async () => {
    const held = await holdPort()
    cleanup.push(() => void held.server.close())
    let starts = 0
    const start = (port: number) => (starts++, startHttpChild(port))

    const failed = onFreePort(start, { attempts: 2, pickPort: async () => held.port })

    await expect(failed).rejects.toThrow(/EADDRINUSE/)
    expect(starts).toBe(2)
  })

  it('does not retry a start that failed for any other reason', async () => {
    let starts = 0
    const failed = onFreePort(async () => {
      starts++
      throw new Error('bad configuration')
    })

    await expect(failed).rejects.toThrow('bad configuration')
    expect(starts).toBe(1)
  })
})

describe('isAddressInUse', () => {
  it.each([
    ['slotlink', new Error('server exited during start-up:\nslotlink: cannot listen on 127.0.0.1:4000: the address is already in use (set PORT)')],
    ['Node', Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:4000'), { code: 'EADDRINUSE' })],
    ['redis-server', new Error('redis-server exited during start-up:\n# Could not create server TCP listening socket 127.0.0.1:4000: bind: Address already in use')],
    ['postgres', new Error('postgres exited during start-up:\nLOG:  could not bind IPv4 address "127.0.0.1": Address already in use')],
  ])('recognises %s saying the port is taken', (_, error) => {
    expect(isAddressInUse(error)).toBe(true)
  })

  it('is false for other failures', () => {
    expect(isAddressInUse(new Error('slotlink exited during start-up:\nconfiguration error'))).toBe(false)
    expect(isAddressInUse(undefined)).toBe(false)
  })
})
