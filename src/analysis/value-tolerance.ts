/**
 * How far a read value may lie from the gold value and still count as right, per signpost
 * unit (README, `analyze eval`): what a careful reader would call "the same number" once a
 * text's rounding ("about 1.2 GW", "3e26" read back from a log) is allowed for. A unit not
 * listed must match exactly.
 */
export const VALUE_TOLERANCE: Record<string, { absolute?: number; relative?: number }> = {
  '%': { absolute: 0.5 },
  'log10 FLOP': { absolute: 0.05 },
  'orders of magnitude': { absolute: 0.05 },
  GW: { relative: 0.02 },
  hours: { relative: 0.02 },
  days: { relative: 0.02 },
  minutes: { relative: 0.02 },
  USD: { relative: 0.02 },
  'share (0-1)': { absolute: 0.01 },
  'level (0-1)': { absolute: 0.01 },
  Elo: { absolute: 1 },
  '0/1': { absolute: 0 },
};

/** Whether `got` reads the same value as `want` in `unit`, within the unit's tolerance. */
export function sameValue(unit: string, got: number, want: number): boolean {
  const t = VALUE_TOLERANCE[unit] ?? {};
  const allowed = Math.max(t.absolute ?? 0, (t.relative ?? 0) * Math.abs(want));
  // The epsilon absorbs binary rounding (0.1 + 0.2), never a real difference.
  return Math.abs(got - want) <= allowed + 1e-9;
}
