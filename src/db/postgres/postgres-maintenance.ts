import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.js';

/**
 * PostgreSQL checksums and repairs its own pages; what a run can check is that the server
 * answers and the schema is there. Null when sound.
 */
export async function quickCheck(db: Kysely<DB>): Promise<string | null> {
  const { rows } = await sql<{ present: boolean }>`select to_regclass('events') is not null as present`.execute(db);
  return rows[0]?.present ? null : 'the events table is missing';
}

/** Whether a single-column UNIQUE index (or constraint) guards `column` of `table`. */
export async function hasUniqueIndex(db: Kysely<DB>, table: string, column: string): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`select exists (
      select 1 from pg_index i
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
      where i.indrelid = to_regclass(${table}) and i.indisunique and i.indnatts = 1 and a.attname = ${column}
    ) as found`.execute(db);
  return rows[0]?.found === true;
}
