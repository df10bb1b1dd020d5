import type { AnalysisResult, ClaimedEvent } from '../db/repos/analyses-repo.js';
import { type Signpost, signpostCatalogue } from '../signposts/catalogue.js';
import { firstWords, MAX_SIGNPOSTS, MAX_SUMMARY_WORDS } from './analysis-schema.js';
import { OFFLINE_RULES, PLANNED, PLANNED_CONFIDENCE } from './offline-rules.js';
import { ruleText } from './rule-text.js';
import { unitProblem } from '../signposts/units.js';

// v2: paraphrases (number words, fractions, cents, FLOP spelled out …) and planned capacity.
export const OFFLINE_MODEL = 'offline-rules-v2';

const TIER_BASE: Record<string, number> = { A: 4, B: 3, C: 2, D: 1 };
const NOTABLE = /\b(state[-\s]of[-\s]the[-\s]art|surpass(?:es|ed)?|record|breakthrough|first\b|milestone)/i;

/**
 * The deterministic analyser used without an API key: signposts from OFFLINE_RULES,
 * significance from the source tier plus what matched, categories from the signposts.
 * Costs nothing and writes no ledger rows.
 */
export function analyzeOffline(event: Pick<ClaimedEvent, 'title' | 'summary' | 'sourceTier'>): AnalysisResult {
  const text = ruleText(`${event.title}. ${event.summary}`);
  const byCode = new Map(signpostCatalogue().map((s) => [s.code, s]));
  const signposts: AnalysisResult['signposts'] = [];
  for (const rule of OFFLINE_RULES) {
    const m = text.match(rule.pattern);
    if (!m) continue;
    const planned = rule.readsTense === true && PLANNED.test(sentenceOf(text, m));
    const written = planned ? undefined : m.slice(1).find((g) => g !== undefined);
    const value = written === undefined ? undefined : rule.toValue ? rule.toValue(Number(written), m) : Number(written);
    for (const code of rule.codes) {
      if (signposts.length >= MAX_SIGNPOSTS || signposts.some((s) => s.code === code)) continue;
      const sp = byCode.get(code) as Signpost;
      const usable = value !== undefined && unitProblem(sp.unit, value) === null;
      const confidence = planned ? PLANNED_CONFIDENCE : rule.confidence;
      signposts.push({ code, confidence, ...(usable ? { value } : {}) });
    }
  }
  const categories = [
    ...new Set(signposts.map((s) => byCode.get(s.code)?.category).filter((c): c is Signpost['category'] => !!c)),
  ];
  const withValue = signposts.filter((s) => s.value !== undefined).length;
  const significance = Math.min(
    10,
    (TIER_BASE[event.sourceTier] ?? 1) +
      (withValue > 0 ? 2 : 0) +
      Math.min(2, signposts.length > 0 ? 1 + (signposts.length > 2 ? 1 : 0) : 0) +
      (NOTABLE.test(text) ? 1 : 0),
  );
  return {
    summary: firstWords(event.summary || event.title, MAX_SUMMARY_WORDS),
    significance,
    tier: event.sourceTier,
    categories,
    signposts,
    rationale: signposts.length
      ? `Offline rules matched ${signposts
          .map((s) => (s.value === undefined ? s.code : `${s.code}=${s.value}`))
          .join(', ')}.`
      : 'Offline rules matched no signpost.',
  };
}

/** The sentence a match lies in (a full stop inside a number, as in "1.2 GW", ends nothing). */
function sentenceOf(text: string, m: RegExpMatchArray): string {
  const at = m.index ?? 0;
  const ends = /[.;!?](?=\s|$)/g;
  let start = 0;
  let end = text.length;
  for (let e = ends.exec(text); e; e = ends.exec(text)) {
    if (e.index < at) start = e.index + 1;
    else if (e.index >= at + m[0].length) {
      end = e.index;
      break;
    }
  }
  return text.slice(start, end);
}
