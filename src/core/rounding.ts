/** `n` rounded to `digits` decimal places (half away from zero for positives, as Math.round). */
export function roundTo(n: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(n * factor) / factor;
}

/** Dollars to 1/10000, rounded once from the ledger's exact sum (which carries float noise). */
export function roundUsd(n: number): number {
  return roundTo(n, 4);
}

/** Dollars to the micro-dollar: the ledger's own precision. */
export function roundMicroUsd(n: number): number {
  return roundTo(n, 6);
}
