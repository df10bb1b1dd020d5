import { exported } from '../../core/module-interop.js';
import type { TableRead } from './adapter.js';
import { day, type LeaderboardAdapter, num, RowLog, tableError } from './adapter.js';

/** METR's own warning on its Time Horizon 1.1 page and data. */
export const METR_CAVEAT = {
  above: 16,
  text: 'METR: time-horizon estimates above 16 hours are unreliable with its current task suite',
};

/**
 * METR's time horizons (metr.org/assets/benchmark_results_1_1.yaml):
 * `results.<model>.metrics.p50_horizon_length.estimate` in minutes, `results.<model>.release_date`.
 * The older layout (`results.<model>.agents.<agent>.p50_horizon_length`, one agent per model)
 * is read too. The 50% horizon, in hours, feeds the longest-autonomous-task signpost.
 */
export const metrHorizons: LeaderboardAdapter = {
  id: 'metr-horizons',
  benchmark: 'METR time horizon (50%)',
  board: 'metr-horizons',
  signposts: ['agent_100h_task'],
  scale: 1 / 60,
  unit: 'hours',
  caveat: METR_CAVEAT,
  async read({ text }) {
    // Loaded here, not at start: every command loads the adapter registry.
    const parse = exported<typeof import('yaml').parse>(await import('yaml'), 'parse');
    let data: unknown;
    try {
      // YAML 1.2 core schema: an unquoted release_date stays a string, never a local-time Date.
      data = parse(text, { schema: 'core', maxAliasCount: 100 });
    } catch (err) {
      throw tableError(this.id, `not valid YAML (${err instanceof Error ? err.message.split('\n')[0] : 'unreadable'})`);
    }
    const results = (data as { results?: unknown } | null)?.results;
    if (typeof results !== 'object' || results === null || Array.isArray(results))
      throw tableError(this.id, 'no "results" map of models');
    return readResults(results as Record<string, unknown>);
  },
};

function readResults(results: Record<string, unknown>): TableRead {
  const log = new RowLog();
  for (const [model, entry] of Object.entries(results)) {
    const e = (entry ?? {}) as { metrics?: unknown; agents?: unknown; release_date?: unknown };
    const metrics = e.metrics ?? firstAgent(e.agents);
    const p50 = (metrics as { p50_horizon_length?: { estimate?: unknown } } | undefined)?.p50_horizon_length;
    const minutes = num(p50?.estimate);
    if (minutes === null) log.skip(model, 'no p50_horizon_length.estimate');
    else log.add(model, minutes, day(e.release_date));
  }
  return log.result();
}

/** The older layout nests metrics under one agent per model; the first one is the model's. */
function firstAgent(agents: unknown): unknown {
  if (typeof agents !== 'object' || agents === null) return undefined;
  return Object.values(agents)[0];
}
