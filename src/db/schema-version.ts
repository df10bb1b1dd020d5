/**
 * The schema version this build writes: the number of migrations in migrations/index.ts
 * (a test holds the two equal). Kept apart so opening an up-to-date database loads no
 * migration code.
 */
export const SCHEMA_VERSION = 18;
