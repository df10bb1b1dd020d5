import { CATEGORIES, type Category } from '../signposts/catalogue.js';
import type { Weights } from '../signposts/presets.js';
import type { EvidenceTier as Tier } from '../core/types.js';
import type { SignpostValue } from './signpost-values.js';

export interface CategoryScore {
  score: number;
  /** [low, high]: [0, 1] when no counted signpost has evidence. */
  band: [number, number];
  /** Signposts counted (monitor-only ones are not). */
  counted: number;
  withEvidence: number;
  /** Counted signposts whose value rests on tier-A evidence (papers, leaderboards, datasets). */
  tierA: number;
  /** Mean evidence quality of the counted observations (A 1.0, B 0.8), null without any. */
  quality: number | null;
}

export interface PresetIndex {
  overall: number;
  capability: number;
  safetyMargin: number;
}

const QUALITY: Record<Tier, number> = { A: 1, B: 0.8, C: 0.3, D: 0.1 };

/**
 * A category's score: the mean of its signposts' progress, first-class weighing 2 and the
 * rest 1; monitor-only signposts are shown but not counted. A counted signpost without
 * evidence counts as no progress. Band width = min(0.5, 0.1 / quality), centred, clipped.
 */
export function categoryScores(values: SignpostValue[]): Record<Category, CategoryScore> {
  const out = {} as Record<Category, CategoryScore>;
  for (const category of CATEGORIES) {
    const counted = values.filter((v) => v.category === category && !v.monitorOnly);
    const weight = (v: SignpostValue) => (v.firstClass ? 2 : 1);
    const total = counted.reduce((n, v) => n + weight(v), 0);
    const score = total === 0 ? 0 : counted.reduce((n, v) => n + weight(v) * v.progress, 0) / total;
    const evidence = counted.filter((v) => v.evidence !== null);
    const quality = evidence.length
      ? evidence.reduce((n, v) => n + QUALITY[(v.evidence as { tier: Tier }).tier], 0) / evidence.length
      : null;
    const half = quality === null ? null : Math.min(0.5, 0.1 / quality) / 2;
    out[category] = {
      score,
      band: half === null ? [0, 1] : [Math.max(0, score - half), Math.min(1, score + half)],
      counted: counted.length,
      withEvidence: evidence.length,
      tierA: evidence.filter((v) => v.evidence?.tier === 'A').length,
      quality,
    };
  }
  return out;
}

/**
 * Every figure here is exact (never rounded), so the identities hold in every output:
 * safety margin = security − capability, movement = overall − overall then. Only the
 * renderers for people round, each figure once.
 *
 * A preset's overall index = Σ weight × category score over all four categories (every
 * weight counts); capability = the capabilities/agents mean by their weights; safety
 * margin = security − capability.
 */
export function presetIndex(weights: Weights, scores: Record<Category, CategoryScore>): PresetIndex {
  const overall = CATEGORIES.reduce((n, c) => n + weights[c] * scores[c].score, 0);
  const wc = weights.capabilities + weights.agents;
  const capability =
    wc === 0
      ? (scores.capabilities.score + scores.agents.score) / 2
      : (weights.capabilities * scores.capabilities.score + weights.agents * scores.agents.score) / wc;
  return { overall, capability, safetyMargin: scores.security.score - capability };
}
