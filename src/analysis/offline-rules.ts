/**
 * The offline analyser's signpost rules: documented, deterministic, and free. Each rule
 * names the signposts a pattern bears on and, where the text states it, reads the value in
 * the signpost's unit. README.md ("Offline analyser") lists them.
 */
import { roundTo } from '../core/rounding.js';

/** One case-insensitive pattern from alternatives written apart (a regex literal cannot wrap). */
const either = (...alternatives: RegExp[]) => new RegExp(alternatives.map((r) => r.source).join('|'), 'i');

export interface SignpostRule {
  codes: string[];
  /** Matches the mention; group 1 (when present) is the value as written. */
  pattern: RegExp;
  /** Turns the written value into the signpost's unit. */
  toValue?: (written: number, match: RegExpMatchArray) => number;
  confidence: number;
}

const NUM = String.raw`(\d{1,3}(?:\.\d+)?)`;

const PCT = String.raw`\s*(?:%|percent\b)`;

/** "78.4% on SWE-bench Verified", "79 percent of SWE-bench Verified" or "SWE-bench Verified: 78.4%". */
function benchmark(name: string): RegExp {
  return new RegExp(String.raw`${NUM}${PCT}[^.;%]{0,40}?${name}|${name}[^.;%\d]{0,40}?${NUM}${PCT}`, 'i');
}

export const OFFLINE_RULES: SignpostRule[] = [
  { codes: ['swe_bench_85', 'swe_bench_90'], pattern: benchmark(String.raw`SWE-?bench\s+Verified`), confidence: 0.8 },
  { codes: ['osworld_65', 'osworld_85'], pattern: benchmark(String.raw`OSWorld`), confidence: 0.8 },
  { codes: ['webarena_70', 'webarena_85'], pattern: benchmark(String.raw`WebArena`), confidence: 0.8 },
  { codes: ['gpqa_sota', 'gpqa_phd_parity'], pattern: benchmark(String.raw`GPQA(?:\s+Diamond)?`), confidence: 0.8 },
  { codes: ['hle_text_50'], pattern: benchmark(String.raw`(?:Humanity's\s+Last\s+Exam|\bHLE\b)`), confidence: 0.7 },
  { codes: ['arc_agi_85'], pattern: benchmark(String.raw`ARC-AGI(?:-\d)?`), confidence: 0.7 },
  {
    codes: ['agent_reliability_80'],
    pattern: new RegExp(String.raw`${NUM}\s*%\s*(?:task\s+)?reliability`, 'i'),
    confidence: 0.6,
  },
  {
    codes: ['agent_100h_task'],
    pattern: either(
      /(\d{1,4}(?:\.\d+)?)[-\s]hours?\b[^.]{0,40}?\btasks?\b/,
      /\btasks?\b[^.]{0,60}?\b(?:take|taking|of)\b[^.]{0,30}?(\d{1,4}(?:\.\d+)?)\s*hours/,
    ),
    confidence: 0.6,
  },
  {
    codes: ['multi_day_project'],
    pattern: either(
      /(?:projects?|tasks?)[^.]{0,50}?(?:take|taking|lasting)[^.]{0,30}?(\d{1,2})\s*(?:to\s*\d{1,2}\s*)?days/,
      /(\d{1,2})-day\s+(?:research\s+)?projects?/,
    ),
    confidence: 0.5,
  },
  {
    codes: ['compute_1e26', 'compute_1e27'],
    pattern: /(\d(?:\.\d+)?)\s*(?:[x×*]\s*10\^?|e\+?)(2\d)\s*FLOP/i,
    toValue: (mantissa, m) => roundTo(Math.log10(mantissa) + Number(m[2]), 2),
    confidence: 0.7,
  },
  {
    codes: ['dc_power_1gw', 'dc_power_10gw'],
    pattern: either(
      /(?:data\s*cent(?:er|re)|cluster|campus)[^.]{0,80}?(\d{1,3}(?:\.\d+)?)\s*(?:GW|gigawatts?)\b/,
      /(\d{1,3}(?:\.\d+)?)\s*(?:GW|gigawatts?)\b[^.]{0,60}?(?:data\s*cent(?:er|re)|cluster|campus)/,
    ),
    confidence: 0.6,
  },
  {
    codes: ['dc_power_1gw', 'dc_power_10gw'],
    pattern: /(\d{2,4})\s*(?:MW|megawatts?)\b[^.]{0,60}?(?:data\s*cent(?:er|re)|cluster|campus)/i,
    toValue: (mw) => roundTo(mw / 1000, 3),
    confidence: 0.5,
  },
  {
    codes: ['algo_efficiency_2oom'],
    pattern: either(
      /(\d{1,5}(?:\.\d+)?)\s*[x×]\s+(?:algorithmic\s+)?(?:compute\s+)?efficiency/,
      /(?:algorithmic\s+)?efficiency\s+gain\s+of\s+(\d{1,5}(?:\.\d+)?)\s*[x×]/,
    ),
    toValue: (factor) => roundTo(Math.log10(factor), 2),
    confidence: 0.5,
  },
  {
    codes: ['inference_cost_low'],
    pattern: /\$\s?(\d{1,4}(?:\.\d+)?)\s*(?:per|\/)\s*(?:1\s*M|one\s+million|million)\s+tokens/i,
    confidence: 0.5,
  },
  {
    codes: ['security_l3_state_actor'],
    pattern: /model[-\s]weight\s+security|security\s+level\s+3|\bSL-?3\b/i,
    confidence: 0.5,
  },
  {
    codes: ['mandatory_evals'],
    pattern: either(
      /mandatory\s+(?:pre-deployment\s+)?evaluations?/,
      /(?:pre-deployment\s+)?evaluations?\s+mandatory|require\s+evaluations\s+before/,
    ),
    confidence: 0.5,
  },
  { codes: ['mandatory_red_teaming'], pattern: /third[-\s]party\s+red[-\s]team/i, confidence: 0.5 },
  {
    codes: ['ai_treaty_ratified'],
    pattern: /\b(?:AI|artificial\s+intelligence)\s+(?:safety\s+)?treaty\b/i,
    confidence: 0.5,
  },
];
