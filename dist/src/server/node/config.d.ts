/** The Node server's settings, read from the environment (see the contract's Configuration table). */
export interface ServerConfig {
    readonly port: number;
    readonly host: string;
    readonly publicUrl: string;
    /** Undefined: generate one per boot and print it once. */
    readonly apiKey: string | undefined;
    /** Undefined: one random key per boot (links die with the process). */
    readonly keys: {
        id: string;
        secret: Uint8Array;
    }[] | undefined;
    readonly workers: number | undefined;
    readonly dataDir: string;
    readonly databasePath: string;
    readonly smtpUrl: string | undefined;
    readonly mailFrom: string;
    readonly production: boolean;
}
/** A bad setting: start-up stops with one line naming the variable, and never its value. */
export declare class ConfigError extends Error {
    readonly variable: string;
    constructor(variable: string, problem: string);
}
export declare function loadConfig(env: Record<string, string | undefined>): ServerConfig;
