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
    throw new AppError(
      'usage',
      `${name} takes a whole number from ${min} to ${max}, got "${value}"`,
    );
  }
  return n;
}

/** A number flag within bounds (fractions allowed). */
export function numberFlag(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || Number.isNaN(n) || n < min || n > max) {
    throw new AppError('usage', `${name} takes a number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}
