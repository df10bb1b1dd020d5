import { readShippedJson } from '../core/package-files.js';
import { roundTo } from '../core/rounding.js';

/** The readings a unit can take: anything outside is impossible, not merely surprising. */
export interface UnitRange {
  min: number;
  max: number;
  /** Whole numbers only (flags). */
  integer?: boolean;
  /**
   * A quantity that grows (or falls) by multiples — task length, power, price — so a trend
   * through its readings is fitted on log10 of the value (src/forecasts/projection.ts). Units
   * already logarithmic (log10 FLOP, orders of magnitude) are fitted linearly, which is the same.
   */
  growth?: boolean;
  note: string;
}

let cached: Record<string, UnitRange> | undefined;

/** The shipped unit table (units.json beside this module's source): every signpost unit has a range. */
export function unitRanges(): Record<string, UnitRange> {
  cached ??= readShippedJson<Record<string, UnitRange>>('src/signposts/units.json');
  return cached;
}

export function knownUnits(): string[] {
  return Object.keys(unitRanges());
}

/**
 * Why a value cannot be a reading in `unit`, or null when it can. One check for LLM answers,
 * the offline analyser, leaderboards, config and the index alike, so an impossible reading
 * (−5 minutes, 1e308 GW, a USD price below zero) never moves a signpost. Percent metrics are
 * in percent: a fraction such as 0.78 is refused rather than read as 0.78 %, the commonest
 * way a wrong scale slips into an index unnoticed.
 */
export function unitProblem(unit: string, value: number): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${String(value)} is not a finite number`;
  const range = unitRanges()[unit];
  if (!range) return `the unit "${unit}" has no valid range (known units: ${knownUnits().join(', ')})`;
  if (value < range.min || value > range.max)
    return `${value} is outside ${range.min}–${range.max} for ${unit} (${range.note})`;
  if (range.integer && !Number.isInteger(value))
    return `${value} is not one of ${range.min}–${range.max} in whole numbers for ${unit}`;
  if (unit === '%' && value > 0 && value < 1)
    return (
      `${value} looks like a fraction; percent metrics are in percent ` +
      `(write ${round(value * 100)} for ${round(value * 100)}%)`
    );
  return null;
}

function round(n: number): number {
  return roundTo(n, 3);
}
