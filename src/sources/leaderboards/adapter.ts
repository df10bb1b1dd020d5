import type { LeaderboardRow } from '../../core/types.js';

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
  read(text: string): LeaderboardRow[];
}

export function num(value: unknown): number | null {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

/** A table's date as YYYY-MM-DD, or null when it has none it can be sure of. */
export function day(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim()) ?? /^(\d{4})(\d{2})(\d{2})(?:_|$)/.exec(value.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) ? null : iso;
}

export function tableError(adapter: string, message: string): Error {
  return new Error(`leaderboard ${adapter}: ${message}`);
}
