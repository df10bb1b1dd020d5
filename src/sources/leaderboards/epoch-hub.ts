import type { TableOptions } from '../../core/types.js';
import { day, type LeaderboardAdapter, num, RowLog, tableError, type TableRead } from './adapter.js';
import { cleanName, csvTable } from './csv-columns.js';

/** What the adapter knows of a Benchmarking Hub file; a source's `table` options override any of it. */
interface HubFile {
  benchmark: string;
  scoreColumn: string;
  scores: 'fraction' | 'percent';
  signposts: string[];
}

/**
 * The Hub files the signpost catalogue has benchmarks for (epoch.ai/data/benchmark_data.zip).
 * Epoch's own runs score in fractions; external mirrors use the publisher's scale (OSWorld's
 * in percent). arc_agi_external.csv keeps ARC Prize's terms (see the built-in catalogue).
 */
export const HUB_FILES: Readonly<Record<string, HubFile>> = {
  'gpqa_diamond.csv': {
    benchmark: 'GPQA Diamond',
    scoreColumn: 'mean_score',
    scores: 'fraction',
    signposts: ['gpqa_sota', 'gpqa_phd_parity'],
  },
  'swe_bench_verified.csv': {
    benchmark: 'SWE-bench Verified',
    scoreColumn: 'mean_score',
    scores: 'fraction',
    signposts: ['swe_bench_85', 'swe_bench_90'],
  },
  'arc_agi_external.csv': {
    benchmark: 'ARC-AGI-1',
    scoreColumn: 'Score',
    scores: 'fraction',
    signposts: ['arc_agi_85'],
  },
  'os_world_external.csv': {
    benchmark: 'OSWorld',
    scoreColumn: 'Score',
    scores: 'percent',
    signposts: ['osworld_65', 'osworld_85'],
  },
  'frontiermath.csv': {
    benchmark: 'FrontierMath (tiers 1–3)',
    scoreColumn: 'mean_score',
    scores: 'fraction',
    signposts: ['frontiermath_50'],
  },
};

const MODEL = ['Model version', 'Agent', 'Name', 'Display name', 'model'];
const DATE = ['Release date', 'Date added', 'date'];

function baseName(fileName: string): string {
  return fileName.split('/').pop() ?? fileName;
}

/** The file's defaults under the source's options; null when neither says enough. */
function settings(options: TableOptions, fileName: string): HubFile | null {
  const known = HUB_FILES[baseName(fileName)];
  const scoreColumn = options.scoreColumn ?? known?.scoreColumn;
  const signposts = options.signposts ?? known?.signposts;
  if (!scoreColumn || !signposts || signposts.length === 0) return null;
  const benchmark = options.benchmark ?? known?.benchmark ?? baseName(fileName).replace(/\.csv$/i, '');
  return { benchmark, scoreColumn, signposts, scores: options.scores ?? known?.scores ?? 'fraction' };
}

/**
 * Epoch AI's Benchmarking Hub, one adapter for every file of it: the file (a ZIP member, or
 * the URL's own CSV) and its score column come from the source's `table` options or the
 * files above; fractions are read as percent. Rows are dated by the model's release date.
 */
export const epochHub: LeaderboardAdapter = {
  id: 'epoch-hub',
  benchmark: 'Epoch AI Benchmarking Hub',
  board: 'epoch-hub',
  signposts: [],
  scale: 100,
  unit: '%',
  checkOptions(options, fileName) {
    if (settings(options, fileName)) return null;
    const known = Object.keys(HUB_FILES).join(', ');
    const file = fileName || '(no file)';
    const hint = `or name a known file in "member": ${known}`;
    return `epoch-hub reads "${file}" only with "scoreColumn" and "signposts" (${hint})`;
  },
  configure(options, fileName) {
    const s = settings(options, fileName);
    if (!s) throw tableError(this.id, this.checkOptions?.(options, fileName) ?? 'not configured');
    const board = `epoch-${baseName(fileName)
      .replace(/\.csv$/i, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')}`;
    return {
      ...this,
      benchmark: s.benchmark,
      board,
      signposts: s.signposts,
      scale: s.scores === 'fraction' ? 100 : 1,
      read: ({ text }) => readHub(text, s.scoreColumn),
    };
  },
  read() {
    throw tableError(this.id, 'needs its source\'s "table" options');
  },
};

function readHub(text: string, scoreColumn: string): TableRead {
  const table = csvTable('epoch-hub', text);
  const score = table.column([scoreColumn]);
  const models = MODEL.filter((m) => table.optional([m]) !== null);
  if (models.length === 0) table.column(MODEL); // throws, naming the columns expected
  const dates = DATE.filter((d) => table.optional([d]) !== null);
  const log = new RowLog();
  table.records.forEach((r, i) => {
    const model = models.map((m) => cleanName(r[m])).find((name) => name !== '');
    const value = num(r[score]);
    if (!model) log.skip(i + 1, 'no model name');
    else if (value === null) log.skip(i + 1, `no score in "${score}"`);
    else log.add(model, value, dates.map((d) => day(r[d])).find((d) => d !== null) ?? null);
  });
  return log.result();
}
