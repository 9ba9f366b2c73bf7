/** `npm start`: the Node server, configured from the environment. */
import { ConfigError, loadConfig } from './config.ts'
import { createLogger, flushLogs, writeToLog } from './logger.ts'
import { startServer } from './start-server.ts'

const logger = createLogger()

/** Why the listener could not bind, in words that name the setting to change. */
const LISTEN_FAILURES: Record<string, string> = {
  EADDRINUSE: 'the address is already in use (set PORT)',
  EACCES: 'permission denied (set PORT to 1024 or above)',
  EADDRNOTAVAIL: 'that address is not on this machine (set HOST)',
}

try {
  const config = loadConfig(process.env)
  const server = await startServer(config, logger)
  // Through the log's own writer, which does not block: so the lines start-up logged are out
  // before this one, which supervisors and tests wait for.
  writeToLog(logger, `slotlink is listening on ${server.url} (links: ${config.publicUrl}/l/…, docs: ${config.publicUrl}/docs)\n`)
  // Where a newcomer goes next: the demo app, and where its mail lands when no SMTP server is set.
  writeToLog(logger, `  demo app:   ${config.publicUrl}/\n`)
  if (server.devOutbox) writeToLog(logger, `  dev outbox: ${config.publicUrl}/dev/outbox\n`)
  // `on`, not `once`: with the handler gone, a second signal (Ctrl-C reaches the whole process
  // group; supervisors repeat SIGTERM) would kill the process mid-drain, before the snapshot is
  // written. Later signals are noted and the one stop goes on; SIGKILL remains for a real hurry.
  let stopRequested = false
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopRequested) {
        process.stdout.write(`slotlink: ${signal} again; still stopping (open links are being saved)\n`)
        return
      }
      stopRequested = true
      server.stop().then(
        () => {
          flushLogs(logger)
          process.exit(0)
        },
        (error) => {
          logger.error({ event: 'stop_failed', error: String(error) })
          flushLogs(logger)
          process.exit(1)
        },
      )
    })
  }
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`slotlink: configuration error: ${error.message}\n`)
    process.exit(2)
  }
  const { code, syscall, address, port } = (error ?? {}) as NodeJS.ErrnoException & { address?: string; port?: number }
  const why = syscall === 'listen' && code !== undefined ? LISTEN_FAILURES[code] : undefined
  if (why) {
    process.stderr.write(`slotlink: cannot listen on ${address}:${port}: ${why}\n`)
    process.exit(1)
  }
  throw error
}
