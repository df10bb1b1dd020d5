/**
 * Advisory lock keys, one per purpose, constant across versions (every runner of every version
 * must queue on the same key). Arbitrary 64-bit numbers chosen to be unlikely to collide with
 * another application's keys in a shared database.
 */
/** Every write transaction (the equivalent of SQLite's BEGIN IMMEDIATE). */
export const WRITE_LOCK = '7421983320461102001';
/** One migrator at a time. */
export const MIGRATION_LOCK = '7421983320461102002';
