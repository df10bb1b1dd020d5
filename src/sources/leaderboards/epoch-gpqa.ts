import { csvRecords } from './csv.js';
import type { LeaderboardRow } from '../../core/types.js';
import { day, type LeaderboardAdapter, num, tableError } from './adapter.js';

const MODEL = ['Model version', 'model'];
const SCORE = ['Best score (across scorers)', 'mean_score', 'Score'];
const DATE = ['Release date', 'date'];

/**
 * Epoch AI's Benchmarking Hub CSV for GPQA Diamond (`gpqa_diamond.csv` in its benchmark
 * data download): one row per model version, scores as fractions 0–1 (hence scale 100),
 * dated by the model's release date.
 */
export const epochGpqaDiamond: LeaderboardAdapter = {
  id: 'epoch-gpqa-diamond',
  benchmark: 'GPQA Diamond',
  board: 'gpqa-diamond',
  signposts: ['gpqa_sota', 'gpqa_phd_parity'],
  scale: 100,
  unit: '%',
  read({ text }) {
    const records = csvRecords(text);
    const first = records[0] ?? {};
    const col = (names: string[]) => names.find((n) => n in first);
    const model = col(MODEL);
    const score = col(SCORE);
    if (!model || !score) throw tableError(this.id, `expected columns "${MODEL[0]}" and "${SCORE[0]}"`);
    const date = col(DATE);
    const rows: LeaderboardRow[] = [];
    for (const r of records) {
      const s = num(r[score]);
      const m = r[model];
      if (!m || s === null) continue;
      rows.push({ model: m, score: s, date: date ? day(r[date]) : null });
    }
    return rows;
  },
};
