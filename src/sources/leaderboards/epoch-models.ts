import { roundTo } from '../../core/rounding.js';
import { day, type LeaderboardAdapter, num, RowLog } from './adapter.js';
import { cleanName, csvTable } from './csv-columns.js';

/**
 * Epoch AI's "Data on AI Models" CSVs (large_scale_ai_models.csv, notable_ai_models.csv,
 * all_ai_models.csv …): `Model`, `Publication date`, `Training compute (FLOP)`. The best score
 * is the largest training run to date, as log10 FLOP. Estimates Epoch marks "Speculative" are
 * not read: tier-A evidence should not rest on a guess (Grok 4's 5e26 is one).
 */
export const epochModels: LeaderboardAdapter = {
  id: 'epoch-models',
  benchmark: 'Epoch AI training compute',
  board: 'epoch-training-compute',
  signposts: ['compute_1e26', 'compute_1e27'],
  scale: 1,
  unit: 'log10 FLOP',
  read({ text, now }) {
    const table = csvTable(this.id, text);
    const model = table.column(['Model', 'System']);
    const compute = table.column(['Training compute (FLOP)']);
    const date = table.column(['Publication date']);
    const confidence = table.optional(['Confidence']);
    const today = now.toISOString().slice(0, 10);
    const log = new RowLog();
    table.records.forEach((r, i) => {
      const row = i + 1;
      const name = cleanName(r[model]);
      const flop = num(r[compute]);
      const published = day(r[date]);
      if (!name) log.skip(row, 'no model name');
      else if (flop === null) log.skip(row, 'no training compute');
      else if (flop <= 0) log.skip(row, `training compute ${r[compute]} is not a positive number of FLOP`);
      else if (confidence && /^speculative$/i.test(r[confidence] ?? '')) log.skip(row, 'a speculative estimate');
      else if (published === null) log.skip(row, 'no publication date');
      else if (published > today) log.skip(row, `published ${published}, after the fetch`);
      else log.add(name, roundTo(Math.log10(flop), 3), published);
    });
    return log.result();
  },
};
