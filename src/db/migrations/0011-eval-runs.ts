import type { Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per `analyze eval` run: how well a (model, prompt version) judged a gold set, and
  // what it cost, so `analyze eval --history` shows how a prompt or model change moved it.
  await db.schema
    .createTable('eval_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('prompt_version', 'text', (c) => c.notNull())
    .addColumn('gold_name', 'text', (c) => c.notNull())
    // Runs are comparable only on the same gold set: its file's sha256.
    .addColumn('gold_sha256', 'text', (c) => c.notNull())
    .addColumn('items', 'integer', (c) => c.notNull())
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    // Null where there was nothing to divide by.
    .addColumn('codes_precision', 'real')
    .addColumn('codes_recall', 'real')
    .addColumn('values_precision', 'real')
    .addColumn('values_recall', 'real')
    .addColumn('tier_agreement', 'real')
    // JSON: the same scores per part of the gold set (shipped, held-out …).
    .addColumn('parts', 'text', (c) => c.notNull())
    .addColumn('calls', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cost_usd', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('eval_runs_model_prompt')
    .on('eval_runs')
    .columns(['model', 'prompt_version', 'at'])
    .execute();
}
