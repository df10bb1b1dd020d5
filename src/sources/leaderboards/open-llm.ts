import { csvRecords } from './csv.js';
import type { LeaderboardRow } from '../../core/types.js';
import { type LeaderboardAdapter, num, type TableBody, tableError } from './adapter.js';

/** Reads a CSV by model and score column names; rows are undated (the fetch day is used). */
function csvBoard(id: string, modelCol: string, scoreCol: string): (body: TableBody) => LeaderboardRow[] {
  return ({ text }) => {
    const records = csvRecords(text);
    if (records.length && !(modelCol in (records[0] as object) && scoreCol in (records[0] as object)))
      throw tableError(id, `expected columns "${modelCol}" and "${scoreCol}"`);
    return records.flatMap((r) => {
      const score = num(r[scoreCol]);
      return r[modelCol] && score !== null ? [{ model: r[modelCol] as string, score, date: null }] : [];
    });
  };
}

/** Hugging Face Open LLM Leaderboard v2 export (`model_name`, `model_average_score` in percent). */
export const openLlmV2: LeaderboardAdapter = {
  id: 'open-llm-v2',
  benchmark: 'Open LLM Leaderboard v2',
  board: 'open-llm-v2',
  signposts: ['open_llm_v2_average'],
  scale: 1,
  unit: '%',
  read: csvBoard('open-llm-v2', 'model_name', 'model_average_score'),
};

/** Open LLM Leaderboard v1 snapshots (`Model`, `Average` in percent; some start with a BOM). */
export const openLlmV1: LeaderboardAdapter = {
  id: 'open-llm-v1',
  benchmark: 'Open LLM Leaderboard v1',
  board: 'open-llm-v1',
  signposts: ['open_llm_v1_average'],
  scale: 1,
  unit: '%',
  read: csvBoard('open-llm-v1', 'Model', 'Average'),
};
