import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError, errorMessage } from '../core/errors.js';
import { EVIDENCE_TIERS } from '../core/types.js';
import { packageFile } from '../core/package-files.js';

/** The shipped gold set, the default of `analyze eval`. */
export const SHIPPED_GOLD = 'src/analysis/signpost-gold.json';

export interface GoldItem {
  text: string;
  /** The signposts a careful reader links the text to, with the value where the text states it. */
  expected: { code: string; value?: number }[];
  /** The source tier the analyser is told (default B). */
  sourceTier: string;
  /** The evidence tier a careful reader gives it; items without one are not counted for tier agreement. */
  tier: string | null;
  /** Which part of the set it belongs to (default `shipped`; `held-out` was written before the rules it tests). */
  part: string;
}

export interface GoldSet {
  /** The file's name as given (the shipped one by its path in the package). */
  name: string;
  /** sha256 of the file: runs are comparable only on the same set. */
  sha256: string;
  items: GoldItem[];
}

/** Reads and checks a gold file: a JSON array of `{text, expected: [{code, value?}], tier?, sourceTier?, part?}`. */
export function readGoldSet(path: string | undefined, knownCodes: Set<string>): GoldSet {
  const file = path ?? packageFile(SHIPPED_GOLD);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new AppError('usage', `--gold: cannot read ${file}: ${errorMessage(err)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new AppError('usage', `--gold: ${file} is not JSON: ${errorMessage(err)}`);
  }
  if (!Array.isArray(data) || data.length === 0)
    throw new AppError('usage', `--gold: ${file} must hold a non-empty JSON array of items`);
  const items = data.map((raw, i) => goldItem(raw, `${basename(file)} item ${i + 1}`, knownCodes));
  return {
    name: path ?? SHIPPED_GOLD,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    items,
  };
}

function goldItem(raw: unknown, where: string, knownCodes: Set<string>): GoldItem {
  const bad = (why: string) => new AppError('usage', `--gold: ${where}: ${why}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('must be an object');
  const o = raw as Record<string, unknown>;
  if (typeof o.text !== 'string' || o.text.trim() === '') throw bad('"text" must be a non-empty string');
  if (!Array.isArray(o.expected)) throw bad('"expected" must be an array');
  const expected = o.expected.map((e) => {
    if (typeof e !== 'object' || e === null) throw bad('each expected signpost must be an object');
    const { code, value } = e as Record<string, unknown>;
    if (typeof code !== 'string' || !knownCodes.has(code)) throw bad(`unknown signpost code ${JSON.stringify(code)}`);
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value)))
      throw bad(`the value of ${code} must be a number`);
    return value === undefined ? { code } : { code, value };
  });
  const tierOf = (key: 'tier' | 'sourceTier') => {
    const t = o[key];
    if (t === undefined || t === null) return null;
    if (typeof t !== 'string' || !(EVIDENCE_TIERS as readonly string[]).includes(t))
      throw bad(`"${key}" must be one of ${EVIDENCE_TIERS.join(', ')}`);
    return t;
  };
  if (o.part !== undefined && (typeof o.part !== 'string' || o.part.trim() === ''))
    throw bad('"part" must be a non-empty string');
  return {
    text: o.text,
    expected,
    sourceTier: tierOf('sourceTier') ?? 'B',
    tier: tierOf('tier'),
    part: (o.part as string | undefined) ?? 'shipped',
  };
}
