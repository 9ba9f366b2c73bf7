/** `npm start`: the Node server, configured from the environment. */
import pino from 'pino'
import { ConfigError, loadConfig } from './node/config.ts'
import { startServer } from './node/start-server.ts'

const logger = pino({ base: undefined, timestamp: pino.stdTimeFunctions.isoTime })

try {
  const config = loadConfig(process.env)
  const server = await startServer(config, logger)
  process.stdout.write(`slotlink is listening on ${server.url} (links: ${config.publicUrl}/l/…, docs: ${config.publicUrl}/docs)\n`)
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      server.stop().then(
        () => process.exit(0),
        (error) => {
          logger.error({ event: 'stop_failed', error: String(error) })
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
  throw error
}
