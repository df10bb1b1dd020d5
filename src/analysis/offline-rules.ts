/**
 * The offline analyser's signpost rules: documented, deterministic, and free. Each rule
 * names the signposts a pattern bears on and, where the text states it, reads the value in
 * the signpost's unit. README.md ("Offline analyser") lists them.
 */
import { roundTo } from '../core/rounding.js';

export interface SignpostRule {
  codes: string[];
  /** Matches the mention; group 1 (when present) is the value as written. */
  pattern: RegExp;
  /** Turns the written value into the signpost's unit. */
  toValue?: (written: number, match: RegExpMatchArray) => number;
  confidence: number;
  /**
   * A quantity that is often announced before it exists (data-centre power, training compute):
   * in a sentence that speaks of a plan or the future, the link stays but the value is not read
   * (a 4.5 GW plan is not 4.5 GW reached) and the confidence drops to PLANNED_CONFIDENCE.
   */
  readsTense?: boolean;
}

export const PLANNED_CONFIDENCE = 0.3;

/** Words of a plan, a forecast or a future: the sentence does not report a reached value. */
export const PLANNED = new RegExp(
  String.raw`\b(?:plans?|planned|planning|announce[sd]?|proposed?|will|would|could|may|to\s+reach|expected|aims?|` +
    String.raw`forecasts?|forecasters|projected|under\s+construction|breaks?\s+ground|build[-\s]?out|first\s+phase|` +
    String.raw`awaits?|next\s+year|by\s+20\d\d)\b`,
  'i',
);

const NUM = String.raw`(\d{1,3}(?:\.\d+)?)`;

const PCT = String.raw`\s*(?:%|percent\b)`;

/**
 * "78.4% on SWE-bench Verified", "79 percent of SWE-bench Verified", or the name first and the
 * score up to 150 characters later in the same sentence ("On SWE-bench Verified, the curated
 * subset …, the agent resolves 74.8%"), with no other number between them.
 */
function benchmark(name: string): RegExp {
  return new RegExp(String.raw`${NUM}${PCT}[^.;%]{0,60}?${name}|${name}[^.;%\d]{0,150}?${NUM}${PCT}`, 'i');
}

const RECORD = String.raw`(?:record|state[-\s]of[-\s]the[-\s]art|new\s+high|all[-\s]time\s+high|tops\b)`;

/** "a record high on GPQA Diamond": the benchmark moved, its number not given. */
function benchmarkRecord(name: string): RegExp {
  return new RegExp(String.raw`${RECORD}[^.;]{0,40}?${name}|${name}[^.;]{0,40}?${RECORD}`, 'i');
}

const SWE = String.raw`SWE-?bench\s+Verified`;
const GPQA = String.raw`GPQA(?:\s+Diamond)?`;
const HLE = String.raw`(?:Humanity's\s+Last\s+Exam|\bHLE\b)`;
const FLOP = String.raw`(?:FLOPs?\b|floating[-\s]point\s+operations)`;
const SITE = String.raw`(?:data\s*cent(?:er|re)|cluster|campus|AI\s+(?:site|factory))`;
const POWER = String.raw`(\d{1,3}(?:\.\d+)?)\s*(?:GW|gigawatts?)\b`;
const MILLION_TOKENS = String.raw`(?:1\s*M|one\s+million|million)\s+(?:input\s+|output\s+)?tokens`;
const OUTSIDERS = String.raw`(?:third[-\s]party|external|independent|outside)`;
const ATTACKS = String.raw`(?:red[-\s]?team\w*|adversarial(?:ly)?\s+test\w*|attack\w*\s+the\s+model|jailbreak\w*)`;

export const OFFLINE_RULES: SignpostRule[] = [
  { codes: ['swe_bench_85', 'swe_bench_90'], pattern: benchmark(SWE), confidence: 0.8 },
  { codes: ['osworld_65', 'osworld_85'], pattern: benchmark(String.raw`OSWorld`), confidence: 0.8 },
  { codes: ['webarena_70', 'webarena_85'], pattern: benchmark(String.raw`WebArena`), confidence: 0.8 },
  { codes: ['gpqa_sota', 'gpqa_phd_parity'], pattern: benchmark(GPQA), confidence: 0.8 },
  { codes: ['hle_text_50'], pattern: benchmark(HLE), confidence: 0.7 },
  { codes: ['arc_agi_85'], pattern: benchmark(String.raw`ARC-AGI(?:-\d)?`), confidence: 0.7 },
  // After the scored forms: an event with a score keeps its value, these only add the link.
  { codes: ['swe_bench_85', 'swe_bench_90'], pattern: benchmarkRecord(SWE), confidence: 0.4 },
  { codes: ['osworld_65', 'osworld_85'], pattern: benchmarkRecord(String.raw`OSWorld`), confidence: 0.4 },
  { codes: ['webarena_70', 'webarena_85'], pattern: benchmarkRecord(String.raw`WebArena`), confidence: 0.4 },
  { codes: ['gpqa_sota', 'gpqa_phd_parity'], pattern: benchmarkRecord(GPQA), confidence: 0.4 },
  {
    codes: ['agent_reliability_80'],
    pattern: new RegExp(String.raw`${NUM}\s*%\s*(?:task\s+)?reliability`, 'i'),
    confidence: 0.6,
  },
  {
    codes: ['agent_100h_task'],
    pattern: new RegExp(
      String.raw`(\d{1,4}(?:\.\d+)?)[-\s]hours?\b[^.]{0,40}?\btasks?\b|` +
        String.raw`\btasks?\b[^.]{0,60}?\b(?:take|taking|of)\b[^.]{0,30}?(\d{1,4}(?:\.\d+)?)\s*hours`,
      'i',
    ),
    confidence: 0.6,
  },
  {
    codes: ['multi_day_project'],
    pattern: new RegExp(
      String.raw`(?:projects?|tasks?)[^.]{0,50}?(?:take|taking|lasting)[^.]{0,30}?` +
        String.raw`(\d{1,2})\s*(?:to\s*\d{1,2}\s*)?days|` +
        String.raw`(\d{1,2})-day\s+(?:research\s+)?projects?`,
      'i',
    ),
    confidence: 0.5,
  },
  {
    // "3e26 FLOP", "2 x 10^26 floating-point operations", "10^26 FLOPs".
    codes: ['compute_1e26', 'compute_1e27'],
    pattern: new RegExp(String.raw`(?:(\d(?:\.\d+)?)\s*(?:[x×*]\s*10\^?|e\+?)|\b10\^)(2\d)\s*${FLOP}`, 'i'),
    toValue: (mantissa, m) => roundTo(Math.log10(m[1] === undefined ? 1 : mantissa) + Number(m[2]), 2),
    confidence: 0.7,
    readsTense: true,
  },
  {
    codes: ['dc_power_1gw', 'dc_power_10gw'],
    pattern: new RegExp(String.raw`${SITE}[^.]{0,80}?${POWER}|${POWER}[^.]{0,60}?${SITE}`, 'i'),
    confidence: 0.6,
    readsTense: true,
  },
  {
    codes: ['dc_power_1gw', 'dc_power_10gw'],
    pattern: new RegExp(String.raw`(\d{2,4})\s*(?:MW|megawatts?)\b[^.]{0,60}?${SITE}`, 'i'),
    toValue: (mw) => roundTo(mw / 1000, 3),
    confidence: 0.5,
    readsTense: true,
  },
  {
    codes: ['algo_efficiency_2oom'],
    pattern: new RegExp(
      String.raw`(\d{1,5}(?:\.\d+)?)\s*[x×]\s+(?:algorithmic\s+)?(?:compute\s+)?efficiency|` +
        String.raw`(?:algorithmic\s+)?efficiency\s+gain\s+of\s+(\d{1,5}(?:\.\d+)?)\s*[x×]`,
      'i',
    ),
    toValue: (factor) => roundTo(Math.log10(factor), 2),
    confidence: 0.5,
  },
  {
    // "$0.10 per million tokens", "tokens now $0.05 per million".
    codes: ['inference_cost_low'],
    pattern: new RegExp(
      String.raw`\$\s?(\d{1,4}(?:\.\d+)?)\s*(?:per|\/)\s*${MILLION_TOKENS}|` +
        String.raw`\btokens?\b[^.$]{0,30}?\$\s?(\d{1,4}(?:\.\d+)?)\s*(?:per|\/)\s*(?:1\s*M|one\s+million|million)\b`,
      'i',
    ),
    confidence: 0.5,
  },
  {
    // "15 cents per million tokens": the signpost is in dollars.
    codes: ['inference_cost_low'],
    pattern: new RegExp(String.raw`(\d{1,4}(?:\.\d+)?)\s*(?:cents?|¢)\s*(?:per|\/|a)\s*${MILLION_TOKENS}`, 'i'),
    toValue: (cents) => roundTo(cents / 100, 6),
    confidence: 0.5,
  },
  {
    codes: ['security_l3_state_actor'],
    pattern: /model[-\s]weight\s+security|security\s+level\s+3|\bSL-?3\b/i,
    confidence: 0.5,
  },
  {
    codes: ['mandatory_evals'],
    pattern: new RegExp(
      String.raw`mandatory\s+(?:pre-deployment\s+)?evaluations?|(?:pre-deployment\s+)?evaluations?\s+mandatory|` +
        String.raw`require\s+evaluations\s+before`,
      'i',
    ),
    confidence: 0.5,
  },
  {
    // Red-teaming in other words: outsiders who attack or adversarially test the model, either order.
    codes: ['mandatory_red_teaming'],
    pattern: new RegExp(
      String.raw`${OUTSIDERS}[^.;]{0,40}?${ATTACKS}|${ATTACKS}[^.;]{0,20}?\bby\s+(?:\w+\s+)?${OUTSIDERS}`,
      'i',
    ),
    confidence: 0.5,
  },
  {
    codes: ['ai_treaty_ratified'],
    pattern:
      /\b(?:AI|artificial\s+intelligence)\s+(?:safety\s+)?treaty\b|\btreaty\s+on\s+(?:AI|artificial\s+intelligence)\b/i,
    confidence: 0.5,
  },
];
