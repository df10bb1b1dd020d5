import { day, type LeaderboardAdapter, num, RowLog, tableError, type TableRead } from './adapter.js';

/** ARC-AGI-1's semi-private evaluation: the set ARC Prize verifies scores on. */
const DATASET = 'v1_Semi_Private';

interface Evaluation {
  datasetId?: unknown;
  modelId?: unknown;
  modelDisplayName?: unknown;
  modelReleaseDate?: unknown;
  providerId?: unknown;
  modelGroup?: unknown;
  score?: unknown;
  display?: unknown;
}

/**
 * ARC Prize's leaderboard data (arcprize.org/media/data/leaderboard/v1.json: `{version,
 * generatedAt, datasets, evaluations}`, each evaluation joined with its model and provider):
 * ARC-AGI-1 semi-private scores as fractions (read as percent), dated by the model's release.
 * Human panels and entries the site hides are not models' results and are skipped. The bare
 * `evaluations.json` list is refused: without providers a human panel looks like a model.
 */
export const arcPrize: LeaderboardAdapter = {
  id: 'arc-prize',
  benchmark: 'ARC-AGI-1 (semi-private)',
  board: 'arc-agi-1',
  signposts: ['arc_agi_85'],
  scale: 100,
  unit: '%',
  read({ text }) {
    const data = JSON.parse(text) as unknown;
    if (Array.isArray(data))
      throw tableError(this.id, 'a bare evaluations list (no providers, no dates): read leaderboard/v1.json');
    const evaluations = (data as { evaluations?: unknown } | null)?.evaluations;
    if (!Array.isArray(evaluations)) throw tableError(this.id, 'no "evaluations" list');
    const log = readEvaluations(evaluations as Evaluation[]);
    if (log.rows.length === 0 && !evaluations.some((e: Evaluation) => e?.datasetId === DATASET))
      throw tableError(this.id, `no ${DATASET} evaluations (ARC-AGI-1) in the table`);
    return log;
  },
};

function readEvaluations(evaluations: Evaluation[]): TableRead {
  const log = new RowLog();
  evaluations.forEach((e, i) => {
    const model = typeof e?.modelId === 'string' ? e.modelId.trim() : '';
    const score = num(e?.score);
    const human = e?.providerId === 'Human' || e?.modelGroup === 'Human';
    if (e?.datasetId !== DATASET) log.skip(i + 1, `dataset ${String(e?.datasetId)}, not ${DATASET}`);
    else if (!model) log.skip(i + 1, 'no modelId');
    else if (human) log.skip(i + 1, 'a human panel, not a model');
    else if (e.display === false) log.skip(i + 1, 'hidden on the leaderboard');
    else if (score === null) log.skip(i + 1, 'no score');
    else log.add(model, score, day(e.modelReleaseDate));
  });
  return log.result();
}
