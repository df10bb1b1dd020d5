import { roundTo } from '../core/rounding.js';

/**
 * The offline rules read numbers in one spelling: digits, with `%` after a benchmark score.
 * Writers do not: "seventy-two percent", "412 of 500 SWE-bench Verified tasks", "0.71 on
 * OSWorld", "74.5 on SWE-bench Verified". This rewrites those spellings into the one the
 * rules read, before they run, so each rule stays one readable pattern. Each rewrite is
 * narrow on purpose (a fraction or a bare number only right before a benchmark's name), so
 * "40 of 50 applicants" or "rose 12 cents" are left as they are.
 */
export function ruleText(text: string): string {
  return barePercentScores(numberWords(text));
}

const ONES: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const UNITS = 'one|two|three|four|five|six|seven|eight|nine';

// "seventy-two", "forty", "three". "one" alone is left: "one of the labs", "one million tokens".
const NUMBER_WORD = new RegExp(
  String.raw`\b(?:(${Object.keys(TENS).join('|')})(?:[-\s](${UNITS}))?|(${Object.keys(ONES).join('|')}))\b`,
  'gi',
);

function numberWords(text: string): string {
  return text.replace(NUMBER_WORD, (_all, tens?: string, unit?: string, ones?: string) => {
    if (ones) return String(ONES[ones.toLowerCase()]);
    const u = unit ? (unit.toLowerCase() === 'one' ? 1 : (ONES[unit.toLowerCase()] ?? 0)) : 0;
    return String((TENS[(tens as string).toLowerCase()] ?? 0) + u);
  });
}

/** The benchmarks scored in percent, as a lookahead: a score rewritten here must name one next. */
const PERCENT_BENCHMARK =
  String.raw`(?=\s+(?:(?:of|on|in)\s+)?(?:the\s+)?` +
  String.raw`(?:SWE-?bench|OSWorld|WebArena|GPQA|Humanity's\s+Last\s+Exam|HLE\b|ARC-AGI))`;

// "412 of 500 SWE-bench Verified tasks", "158/198 GPQA Diamond questions" (not a date: no second slash).
const FRACTION = new RegExp(
  String.raw`\b(\d{1,5})\s*(?:out\s+of|of|/)\s*(\d{2,5})\b(?![/,.]\d)${PERCENT_BENCHMARK}`,
  'gi',
);
// "0.71 on OSWorld": a score given as a fraction of 1.
const DECIMAL_SHARE = new RegExp(String.raw`(?<![\d.])(0?\.\d{1,3}|1\.0+)(?=\s+on\b)${PERCENT_BENCHMARK}`, 'gi');
// "posts 74.5 on SWE-bench Verified": a score without its unit.
const BARE_SCORE = new RegExp(String.raw`(?<![\d.$])([1-9]\d?(?:\.\d+)?|100)(?=\s+on\b)${PERCENT_BENCHMARK}`, 'gi');

function barePercentScores(text: string): string {
  return text
    .replace(FRACTION, (all, n: string, of: string) =>
      Number(n) <= Number(of) ? `${roundTo((Number(n) / Number(of)) * 100, 1)}%` : all,
    )
    .replace(DECIMAL_SHARE, (_all, share: string) => `${roundTo(Number(share) * 100, 1)}%`)
    .replace(BARE_SCORE, (_all, score: string) => `${score}%`);
}
