import type { Source } from '../../core/types.js';
import type { LeaderboardAdapter } from './adapter.js';
import { arcPrize } from './arc-prize.js';
import { epochDataCenters, epochGpuClusters } from './epoch-clusters.js';
import { epochGpqaDiamond } from './epoch-gpqa.js';
import { epochHub } from './epoch-hub.js';
import { epochModels } from './epoch-models.js';
import { lmarenaText } from './lmarena.js';
import { metrHorizons } from './metr.js';
import { openLlmV1, openLlmV2 } from './open-llm.js';
import { osworldVerified } from './osworld.js';
import { sweBenchVerified } from './swe-bench.js';
import { tableFileName } from './table-file.js';

/** Every leaderboard adapter a `kind: "leaderboard"` source may name. */
export const LEADERBOARD_ADAPTERS: readonly LeaderboardAdapter[] = [
  sweBenchVerified,
  epochGpqaDiamond,
  lmarenaText,
  openLlmV2,
  openLlmV1,
  metrHorizons,
  epochModels,
  epochGpuClusters,
  epochDataCenters,
  epochHub,
  arcPrize,
  osworldVerified,
];

export function leaderboardAdapter(id: string | undefined): LeaderboardAdapter | undefined {
  return LEADERBOARD_ADAPTERS.find((a) => a.id === id);
}

/** Why a source's `table` options cannot work with its adapter (a config error), or null. */
export function tableOptionsProblem(source: Pick<Source, 'url' | 'adapter' | 'table'>): string | null {
  const adapter = leaderboardAdapter(source.adapter);
  if (!adapter) return null;
  return adapter.checkOptions?.(source.table ?? {}, tableFileName(source)) ?? null;
}
