/**
 * The seam between the demo app and wherever accounts live: SQLite on Node (better-sqlite3),
 * D1 at the edge. Every method is async so both fit behind it.
 */
export {};
