import { parseKeySpec } from "../../core/keyring.js";
import { MIN_API_KEY_LENGTH } from "../../core/limits.js";
/** A bad setting: start-up stops with one line naming the variable, and never its value. */
export class ConfigError extends Error {
    variable;
    constructor(variable, problem) {
        super(`${variable}: ${problem}`);
        this.variable = variable;
    }
}
export function loadConfig(env) {
    const value = (name) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
    const port = integer('PORT', value('PORT') ?? '3000', 0, 65535);
    const host = value('HOST') ?? '127.0.0.1';
    const production = value('NODE_ENV') === 'production';
    let publicUrl = value('PUBLIC_URL') ?? `http://localhost:${port}`;
    try {
        const url = new URL(publicUrl);
        if (url.protocol !== 'http:' && url.protocol !== 'https:')
            throw new Error();
        publicUrl = url.origin + url.pathname.replace(/\/+$/, '');
    }
    catch {
        throw new ConfigError('PUBLIC_URL', 'must be an absolute http(s) URL, e.g. https://auth.example.com');
    }
    const apiKey = value('SLOTLINK_API_KEY');
    if (apiKey !== undefined && (apiKey.length < MIN_API_KEY_LENGTH || /\s/.test(apiKey))) {
        throw new ConfigError('SLOTLINK_API_KEY', `must be at least ${MIN_API_KEY_LENGTH} characters with no spaces`);
    }
    if (production && apiKey === undefined)
        throw new ConfigError('SLOTLINK_API_KEY', 'is required when NODE_ENV=production');
    let keys;
    const keySpec = value('SLOTLINK_KEYS');
    if (keySpec !== undefined) {
        try {
            keys = parseKeySpec(keySpec);
            if (new Set(keys.map((k) => k.id)).size !== keys.length)
                throw new RangeError('key ids must be unique');
        }
        catch (error) {
            throw new ConfigError('SLOTLINK_KEYS', error.message);
        }
    }
    const workersText = value('SLOTLINK_WORKERS');
    const workers = workersText === undefined ? undefined : integer('SLOTLINK_WORKERS', workersText, 1, 256);
    const dataDir = (value('SLOTLINK_DATA_DIR') ?? './.data').replace(/\/+$/, '') || '/';
    const smtpUrl = value('SMTP_URL');
    if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl))
        throw new ConfigError('SMTP_URL', 'must start with smtp:// or smtps://');
    return {
        port,
        host,
        publicUrl,
        apiKey,
        keys,
        workers,
        dataDir,
        databasePath: value('DATABASE_PATH') ?? `${dataDir}/slotlink.db`,
        smtpUrl,
        mailFrom: value('MAIL_FROM') ?? 'slotlink <no-reply@localhost>',
        production,
    };
}
function integer(name, text, min, max) {
    if (!/^\d+$/.test(text))
        throw new ConfigError(name, `must be a whole number from ${min} to ${max}`);
    const n = Number(text);
    if (n < min || n > max)
        throw new ConfigError(name, `must be a whole number from ${min} to ${max}`);
    return n;
}
