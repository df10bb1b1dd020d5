import { EVIDENCE_TIERS as TIERS } from '../core/types.js';
import { CATEGORIES } from '../signposts/catalogue.js';
import { unitProblem } from '../signposts/units.js';

export const MAX_SUMMARY_WORDS = 60;
export const MAX_SIGNPOSTS = 5;

/** What the model must return, as JSON Schema (strict structured output). */
export function analysisJsonSchema(signpostCodes: string[]) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['summary', 'significance', 'categories', 'signposts', 'evidenceTier', 'rationale'],
    properties: {
      summary: { type: 'string', description: `at most ${MAX_SUMMARY_WORDS} words` },
      significance: { type: 'number', description: '0 (noise) to 10 (historic)' },
      categories: { type: 'array', items: { type: 'string', enum: [...CATEGORIES] } },
      signposts: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['code', 'value', 'confidence'],
          properties: {
            code: { type: 'string', enum: signpostCodes },
            value: {
              type: ['number', 'null'],
              description: "the metric's value if the text states it, in the signpost's unit",
            },
            confidence: { type: 'number', description: '0 to 1' },
          },
        },
      },
      evidenceTier: {
        type: 'string',
        enum: [...TIERS],
        description: 'A peer-reviewed/benchmark, B official, C press, D rumour',
      },
      rationale: { type: 'string', description: 'one sentence' },
    },
  } as const;
}

export interface ValidAnalysis {
  summary: string;
  significance: number;
  categories: string[];
  signposts: { code: string; value?: number; confidence: number }[];
  evidenceTier: 'A' | 'B' | 'C' | 'D' | null;
  rationale: string;
}

/**
 * Checks and tidies a model's answer: a long summary is cut to 60 words, significance and
 * confidence are clamped, unknown categories and signpost codes are dropped, values impossible
 * in their signpost's unit are dropped, at most 5 signposts are kept. Returns an error message for
 * answers that cannot be used.
 */
export function validateAnalysis(
  text: string,
  units: Map<string, string>,
): { ok: true; value: ValidAnalysis } | { ok: false; error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'the answer is not valid JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return { ok: false, error: 'the answer must be a JSON object' };
  const o = data as Record<string, unknown>;
  if (typeof o.summary !== 'string' || o.summary.trim() === '')
    return { ok: false, error: '"summary" must be a non-empty string' };
  if (typeof o.significance !== 'number' || !Number.isFinite(o.significance))
    return { ok: false, error: '"significance" must be a number from 0 to 10' };
  if (!Array.isArray(o.categories)) return { ok: false, error: '"categories" must be an array' };
  if (!Array.isArray(o.signposts)) return { ok: false, error: '"signposts" must be an array' };
  if (typeof o.rationale !== 'string') return { ok: false, error: '"rationale" must be a string' };

  const signposts: ValidAnalysis['signposts'] = [];
  for (const s of o.signposts) {
    if (typeof s !== 'object' || s === null) continue;
    const { code, value, confidence } = s as Record<string, unknown>;
    if (typeof code !== 'string' || !units.has(code) || signposts.some((x) => x.code === code)) continue;
    const entry: ValidAnalysis['signposts'][number] = {
      code,
      confidence: clamp(typeof confidence === 'number' ? confidence : 0.5, 0, 1),
    };
    // A value impossible in the signpost's unit (0.78 for a percent, −5 minutes, 1e308 GW) is dropped, the link kept.
    if (typeof value === 'number' && Number.isFinite(value) && unitProblem(units.get(code) as string, value) === null)
      entry.value = value;
    signposts.push(entry);
  }
  const tier =
    typeof o.evidenceTier === 'string' && (TIERS as readonly string[]).includes(o.evidenceTier)
      ? (o.evidenceTier as ValidAnalysis['evidenceTier'])
      : null;
  return {
    ok: true,
    value: {
      summary: firstWords(o.summary, MAX_SUMMARY_WORDS),
      significance: Math.round(clamp(o.significance, 0, 10) * 10) / 10,
      categories: [
        ...new Set(
          o.categories.filter(
            (c): c is string => typeof c === 'string' && (CATEGORIES as readonly string[]).includes(c),
          ),
        ),
      ],
      signposts: signposts.slice(0, MAX_SIGNPOSTS),
      evidenceTier: tier,
      rationale: o.rationale.trim().replace(/\s+/g, ' ').slice(0, 400),
    },
  };
}

/** The tier of an analysis: the source's, lowered (never raised) by the analysis. */
export function finalTier(sourceTier: string, analysisTier: string | null): string {
  if (!analysisTier) return sourceTier;
  return analysisTier > sourceTier ? analysisTier : sourceTier;
}

export function firstWords(text: string, max: number): string {
  const words = text.trim().split(/\s+/);
  return words.length <= max ? words.join(' ') : `${words.slice(0, max).join(' ')}…`;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}
