import type { Account, AccountStore, CreateAccountResult, SetPasswordResult } from '../account-store.ts';
/**
 * Accounts in a SQLite file through better-sqlite3. Its calls are synchronous and take
 * microseconds on an indexed table, so the async interface costs nothing here; the edge's D1
 * store is truly async.
 *
 * @example
 * const accounts = SqliteAccountStore.open('.data/slotlink.db')
 * await accounts.create({ email: 'ada@example.com', passwordHash })
 */
export declare class SqliteAccountStore implements AccountStore {
    #private;
    private constructor();
    /** Opens (creating if needed) the database file and brings its schema up to date. */
    static open(path: string): SqliteAccountStore;
    findByEmail(email: string): Promise<Account | undefined>;
    getById(id: string): Promise<Account | undefined>;
    create(input: {
        email: string;
        passwordHash: string;
    }): Promise<CreateAccountResult>;
    setPassword(id: string, passwordHash: string, expectedSessionVersion: number): Promise<SetPasswordResult>;
    close(): void;
}
