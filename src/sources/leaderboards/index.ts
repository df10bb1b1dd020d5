import type { LeaderboardAdapter } from './adapter.js';
import { epochGpqaDiamond } from './epoch-gpqa.js';
import { lmarenaText } from './lmarena.js';
import { openLlmV1, openLlmV2 } from './open-llm.js';
import { sweBenchVerified } from './swe-bench.js';

/** Every leaderboard adapter a `kind: "leaderboard"` source may name. */
export const LEADERBOARD_ADAPTERS: readonly LeaderboardAdapter[] = [
  sweBenchVerified,
  epochGpqaDiamond,
  lmarenaText,
  openLlmV2,
  openLlmV1,
];

export function leaderboardAdapter(id: string | undefined): LeaderboardAdapter | undefined {
  return LEADERBOARD_ADAPTERS.find((a) => a.id === id);
}
