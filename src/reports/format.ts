/** A movement or margin with its sign spelled out (+0.020, −0.013, ±0.000); null → "n/a". */
export function signed(n: number | null, digits = 3): string {
  if (n === null) return 'n/a';
  return `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toFixed(digits)}`;
}
