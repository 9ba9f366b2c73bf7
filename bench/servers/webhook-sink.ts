/**
 * A webhook receiver for the `slotlink-webhooks` experiment: answers every POST 204 (and GET
 * /healthz 200) on 127.0.0.1:$PORT, without verifying, so what the run measures is slotlink's own
 * cost of sending events, not a receiver's. Its CPU is not counted as the server's.
 *
 *   PORT=9100 node --import tsx bench/servers/webhook-sink.ts
 */
import { createServer } from 'node:http'

const server = createServer((request, response) => {
  request.resume()
  request.on('end', () => response.writeHead(request.method === 'GET' ? 200 : 204).end())
})
server.keepAliveTimeout = 60_000
server.listen(Number(process.env.PORT), '127.0.0.1')
process.once('SIGTERM', () => server.close(() => process.exit(0)))
