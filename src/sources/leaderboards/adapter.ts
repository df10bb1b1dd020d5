import type { LeaderboardRow, TableOptions } from '../../core/types.js';

/** One table as an adapter receives it: bytes, their text, and where they came from. */
export interface TableBody {
  /** The table's bytes (the named member when the body was a ZIP). */
  bytes: Uint8Array;
  /** The bytes decoded as text (byte-order mark, then the HTTP charset, else UTF-8). */
  readonly text: string;
  /** The ZIP member's name, else the URL's last path segment (e.g. "gpqa_diamond.csv"). */
  fileName: string;
  /** When the table was read: rows dated after it are projections, not readings. */
  now: Date;
}

/** A row the adapter did not read, and why (a corpus test holds every row to one or the other). */
export interface SkippedRow {
  /** Which row: a 1-based data row number, or a model key. */
  row: string;
  reason: string;
}

export interface TableRead {
  rows: LeaderboardRow[];
  skipped: SkippedRow[];
}

/** Something worth saying beside readings above a threshold (METR: long horizons are unreliable). */
export interface Caveat {
  /** In the signposts' unit: readings above it carry the caveat. */
  above: number;
  text: string;
}

/**
 * How to read one published leaderboard: which benchmark it is, which signposts its best
 * score feeds, and how to turn its bytes into rows. `read` is pure and throws on a table it
 * cannot read.
 */
export interface LeaderboardAdapter {
  id: string;
  /** Shown in event titles, e.g. "SWE-bench Verified". */
  benchmark: string;
  /** Part of each event's synthetic URL; stable across releases of the adapter. */
  board: string;
  signposts: string[];
  /** Multiplies a table score into the signposts' unit (1, or 100 for fractions → percent). */
  scale: number;
  /** The score's unit, written by withUnit(): "%" → "79.2%", "Elo" → "1486.6 Elo". */
  unit: string;
  /** Reads the bytes themselves (XLSX is a ZIP): a ZIP body is not opened for it. */
  binary?: boolean;
  caveat?: Caveat;
  read(body: TableBody): LeaderboardRow[] | TableRead | Promise<TableRead>;
  /** A generic adapter, specialised by its source's `table` options and the file it reads. */
  configure?(options: TableOptions, fileName: string): LeaderboardAdapter;
  /** Why a source's `table` options cannot work with this adapter (a config error), or null. */
  checkOptions?(options: TableOptions, fileName: string): string | null;
}

export function num(value: unknown): number | null {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

/** A table's date as YYYY-MM-DD, or null when it has none it can be sure of. */
export function day(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim()) ?? /^(\d{4})(\d{2})(\d{2})(?:_|$)/.exec(value.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  // Date.parse rolls 2025-02-30 over to March: a day that does not exist is no date.
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso ? null : iso;
}

export function tableError(adapter: string, message: string): Error {
  return new Error(`leaderboard ${adapter}: ${message}`);
}

/** Collects rows read and rows skipped with their reason. */
export class RowLog {
  readonly rows: LeaderboardRow[] = [];
  readonly skipped: SkippedRow[] = [];

  add(model: string, score: number, date: string | null): void {
    this.rows.push({ model, score, date });
  }

  skip(row: string | number, reason: string): void {
    this.skipped.push({ row: String(row), reason });
  }

  result(): TableRead {
    return { rows: this.rows, skipped: this.skipped };
  }
}
