import { csvRecords } from './csv.js';
import type { LeaderboardRow } from '../../core/types.js';
import { type LeaderboardAdapter, num, tableError } from './adapter.js';

/**
 * LMArena text ratings, as lmarena/arena-catalog publishes them (`leaderboard-text.json`:
 * `{category: {model: {rating, rating_q975, rating_q025}}}`, the overall board under
 * "full"), or as a CSV export (`rank, model, arena_score, …`). Undated: rows take the fetch
 * day. Feeds a monitor-only signpost (Elo is relative, so it never counts in the index).
 */
export const lmarenaText: LeaderboardAdapter = {
  id: 'lmarena-text',
  benchmark: 'LMArena text',
  board: 'lmarena-text',
  signposts: ['lmarena_text_elo'],
  scale: 1,
  unit: 'Elo',
  read({ text }) {
    const trimmed = text.trimStart().replace(/^\uFEFF/, '');
    return trimmed.startsWith('{') ? fromJson(trimmed, this.id) : fromCsv(trimmed, this.id);
  },
};

function fromJson(text: string, id: string): LeaderboardRow[] {
  const data = JSON.parse(text) as Record<string, unknown>;
  const full = data.full;
  if (typeof full !== 'object' || full === null) throw tableError(id, 'no "full" category');
  const rows: LeaderboardRow[] = [];
  for (const [model, entry] of Object.entries(full as Record<string, { rating?: unknown }>)) {
    const score = num(entry?.rating);
    if (score !== null) rows.push({ model, score: Math.round(score * 10) / 10, date: null });
  }
  return rows;
}

function fromCsv(text: string, id: string): LeaderboardRow[] {
  const records = csvRecords(text);
  if (records.length && !('arena_score' in (records[0] as object)))
    throw tableError(id, 'expected columns "model" and "arena_score"');
  return records.flatMap((r) => {
    const score = num(r.arena_score);
    return r.model && score !== null ? [{ model: r.model, score, date: null }] : [];
  });
}
