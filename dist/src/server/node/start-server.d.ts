import { type LinkService } from '../../core/link-service.ts';
import type { Logger } from '../../core/logger.ts';
import type { ServerConfig } from './config.ts';
import { PiscinaSlotStore } from '../../node/piscina-slot-store.ts';
export interface RunningServer {
    readonly url: string;
    readonly port: number;
    readonly apiKey: string;
    readonly links: LinkService;
    readonly slots: PiscinaSlotStore;
    /** Graceful stop: refuse new connections, finish in-flight requests, then stop the workers. */
    stop(): Promise<void>;
}
/**
 * Starts the Node server: slot workers, the app, and the HTTP listener.
 * Used by `npm start` (src/server/node/main.ts) and by the tests, which listen on port 0.
 */
export declare function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer>;
