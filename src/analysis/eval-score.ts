import type { GoldItem } from './gold-set.js';
import { sameValue } from './value-tolerance.js';

/** What the analyser said of one gold item (null: the call failed, so it said nothing). */
export interface Prediction {
  signposts: { code: string; value?: number }[];
  tier: string | null;
  error: string | null;
}

export interface Scores {
  items: number;
  /** Null when there was nothing to divide by (no prediction, nothing expected, no tier given). */
  codes: { precision: number | null; recall: number | null };
  values: { precision: number | null; recall: number | null };
  tierAgreement: number | null;
  failed: number;
}

export interface ItemMistake {
  text: string;
  part: string;
  missing: string[];
  extra: string[];
  wrongValues: { code: string; expected: number | null; got: number | null }[];
  tier: { expected: string; got: string | null } | null;
  error: string | null;
}

interface Tally {
  items: number;
  predicted: number;
  expected: number;
  correct: number;
  predictedValues: number;
  expectedValues: number;
  correctValues: number;
  tiers: number;
  tiersAgreed: number;
  failed: number;
}

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

/**
 * Precision and recall of signpost codes and of values (a value counts when it lies within its
 * unit's tolerance of the gold one), and tier agreement, over the whole set and per part.
 */
export function scoreGold(
  items: GoldItem[],
  predictions: Prediction[],
  unitOf: (code: string) => string,
): { overall: Scores; parts: Record<string, Scores>; mistakes: ItemMistake[] } {
  const tallies = new Map<string, Tally>();
  const tallyOf = (key: string) => {
    let t = tallies.get(key);
    if (!t) {
      t = {
        items: 0,
        predicted: 0,
        expected: 0,
        correct: 0,
        predictedValues: 0,
        expectedValues: 0,
        correctValues: 0,
        tiers: 0,
        tiersAgreed: 0,
        failed: 0,
      };
      tallies.set(key, t);
    }
    return t;
  };
  const mistakes: ItemMistake[] = [];
  items.forEach((item, i) => {
    const got = predictions[i] as Prediction;
    const mistake: ItemMistake = {
      text: item.text,
      part: item.part,
      missing: [],
      extra: got.signposts.filter((s) => !item.expected.some((e) => e.code === s.code)).map((s) => s.code),
      wrongValues: [],
      tier: null,
      error: got.error,
    };
    const counts = {
      predicted: got.signposts.length,
      expected: item.expected.length,
      correct: 0,
      predictedValues: got.signposts.filter((s) => s.value !== undefined).length,
      expectedValues: item.expected.filter((e) => e.value !== undefined).length,
      correctValues: 0,
    };
    for (const want of item.expected) {
      const hit = got.signposts.find((s) => s.code === want.code);
      if (!hit) {
        mistake.missing.push(want.code);
        continue;
      }
      counts.correct++;
      if (want.value === undefined) {
        if (hit.value !== undefined) mistake.wrongValues.push({ code: want.code, expected: null, got: hit.value });
        continue;
      }
      if (hit.value !== undefined && sameValue(unitOf(want.code), hit.value, want.value)) counts.correctValues++;
      else mistake.wrongValues.push({ code: want.code, expected: want.value, got: hit.value ?? null });
    }
    const tierCounted = item.tier !== null;
    const tierAgreed = tierCounted && got.tier === item.tier;
    if (tierCounted && !tierAgreed) mistake.tier = { expected: item.tier as string, got: got.tier };
    for (const t of [tallyOf(''), tallyOf(item.part)]) {
      t.items++;
      t.predicted += counts.predicted;
      t.expected += counts.expected;
      t.correct += counts.correct;
      t.predictedValues += counts.predictedValues;
      t.expectedValues += counts.expectedValues;
      t.correctValues += counts.correctValues;
      if (tierCounted) t.tiers++;
      if (tierAgreed) t.tiersAgreed++;
      if (got.error !== null) t.failed++;
    }
    const wrong =
      mistake.missing.length + mistake.extra.length + mistake.wrongValues.length > 0 || mistake.tier || mistake.error;
    if (wrong) mistakes.push(mistake);
  });
  const parts: Record<string, Scores> = {};
  for (const [key, t] of tallies) if (key !== '') parts[key] = scoresOf(t);
  return { overall: scoresOf(tallyOf('')), parts, mistakes };
}

function scoresOf(t: Tally): Scores {
  return {
    items: t.items,
    codes: { precision: ratio(t.correct, t.predicted), recall: ratio(t.correct, t.expected) },
    values: { precision: ratio(t.correctValues, t.predictedValues), recall: ratio(t.correctValues, t.expectedValues) },
    tierAgreement: ratio(t.tiersAgreed, t.tiers),
    failed: t.failed,
  };
}
