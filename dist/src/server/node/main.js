/** `npm start`: the Node server, configured from the environment. */
import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { startServer } from "./start-server.js";
const logger = createLogger();
/** Why the listener could not bind, in words that name the setting to change. */
const LISTEN_FAILURES = {
    EADDRINUSE: 'the address is already in use (set PORT)',
    EACCES: 'permission denied (set PORT to 1024 or above)',
    EADDRNOTAVAIL: 'that address is not on this machine (set HOST)',
};
try {
    const config = loadConfig(process.env);
    const server = await startServer(config, logger);
    process.stdout.write(`slotlink is listening on ${server.url} (links: ${config.publicUrl}/l/…, docs: ${config.publicUrl}/docs)\n`);
    for (const signal of ['SIGTERM', 'SIGINT']) {
        process.once(signal, () => {
            server.stop().then(() => process.exit(0), (error) => {
                logger.error({ event: 'stop_failed', error: String(error) });
                process.exit(1);
            });
        });
    }
}
catch (error) {
    if (error instanceof ConfigError) {
        process.stderr.write(`slotlink: configuration error: ${error.message}\n`);
        process.exit(2);
    }
    const { code, syscall, address, port } = (error ?? {});
    const why = syscall === 'listen' && code !== undefined ? LISTEN_FAILURES[code] : undefined;
    if (why) {
        process.stderr.write(`slotlink: cannot listen on ${address}:${port}: ${why}\n`);
        process.exit(1);
    }
    throw error;
}
