import type Database from 'better-sqlite3';
/** The SQL files in `migrations/`, shared with the edge's D1. */
export declare const MIGRATIONS_DIR: string;
/**
 * Applies the migrations this database has not seen yet, each in its own transaction, and records
 * them in `d1_migrations`, the same table and shape `wrangler d1 migrations apply` keeps, so one
 * history serves both runtimes. Returns the names it applied.
 */
export declare function applyMigrations(db: Database.Database, dir?: string): string[];
