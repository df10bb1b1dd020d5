import type { AliasedRawBuilder, Kysely } from 'kysely';
import type { DB } from './schema.js';

/** What a repo runs queries on: the database itself, or a transaction in flight. */
export type Executor = Kysely<DB>;

/**
 * The dialect-neutral handle every repo and job receives. Everything a dialect does its own
 * way (locking, PRAGMAs, schema version, backup, integrity) sits behind it, in one module per
 * dialect (src/db/sqlite/ today; a PostgreSQL module implements the same interface), so
 * repos hold nothing but Kysely queries.
 */
export interface Database {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Queries cross a network (PostgreSQL): batch many rows into one statement rather than run
   * one statement per row, which is what SQLite in the same process does fastest.
   */
  readonly remote: boolean;
  /** Every query is built here, against the schema types. */
  readonly db: Kysely<DB>;
  /** Where the data lives, for messages (a file path for SQLite, the URL without its password). */
  readonly path: string;
  /**
   * Runs `fn` in one transaction that holds the database's write lock from its first
   * statement (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock), so
   * concurrent processes on any host are serialised through it. `fn` must run its queries
   * on the executor it receives; a throw rolls everything back. Not reentrant.
   */
  writeTransaction<T>(fn: (trx: Executor) => Promise<T>): Promise<T>;
  /**
   * Row locks (`SELECT … FOR UPDATE SKIP LOCKED`): PostgreSQL has them; SQLite has none, its
   * write transaction locks the whole file.
   */
  readonly rowLocks: boolean;
  /**
   * A transaction for claiming work (analysis claims): on PostgreSQL a plain one, where the
   * claim's own row lock keeps racers apart without queueing every writer on the write lock;
   * on SQLite the write transaction.
   */
  claimTransaction<T>(fn: (trx: Executor) => Promise<T>): Promise<T>;
  /** A consistent copy of the live database at `target`, safe while other processes write. */
  backup(target: string): Promise<void>;
  /** Gives freed space back to the file system. */
  vacuum(): Promise<void>;
  /** The database's size in bytes, as vacuum changes it. */
  sizeBytes(): Promise<number>;
  /** Null when the storage is sound, else the first problems found, on one line. */
  quickCheck(): Promise<string | null>;
  /** Whether a single-column UNIQUE index guards `column` (dedupe-check skips its scan then). */
  hasUniqueIndex(table: keyof DB, column: string): Promise<boolean>;
  /**
   * The events whose title, summary or analysis summaries hold every one of `terms` (letters
   * and digits only), as a table `m` to select from or join: each dialect's own full-text
   * index and ranking (SQLite FTS5 and bm25, PostgreSQL tsvector and ts_rank); a higher
   * score is a better match. With `sourceId`, only that source's events: the filter is part of
   * the match (the index holds each event's source), not a join after it.
   */
  fullTextMatches(terms: readonly string[], sourceId?: string): AliasedRawBuilder<FullTextMatch, 'm'>;
  close(): Promise<void>;
}

/** One event a full-text query matched, with how well (higher is better, comparable within one query). */
export interface FullTextMatch {
  event_id: number;
  score: number;
}

/** PostgreSQL connection settings (config `postgres.*`); SQLite ignores them. */
export interface PostgresOptions {
  poolSize?: number;
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
}

export interface OpenOptions extends PostgresOptions {
  /** Read-only commands: a missing database is an error, not a new empty one. */
  mustExist?: boolean;
}
