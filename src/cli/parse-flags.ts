import { AppError } from '../core/errors.js';

/** A whole-number flag within bounds, or a usage error naming the flag. */
export function intFlag(
  value: string | undefined,
  name: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new AppError('usage', `${name} takes a whole number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

/** A number flag within bounds (fractions allowed). */
export function numberFlag(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  // Plain decimals only: Number() would also take "0x1", "1e-1" and "Infinity".
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(value.trim()) || Number.isNaN(n) || n < min || n > max) {
    throw new AppError('usage', `${name} takes a number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}
