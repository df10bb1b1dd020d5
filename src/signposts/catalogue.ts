import { readFileSync } from 'node:fs';

export type Category = 'capabilities' | 'agents' | 'inputs' | 'security';
export const CATEGORIES: readonly Category[] = ['capabilities', 'agents', 'inputs', 'security'];

export interface Signpost {
  code: string;
  name: string;
  category: Category;
  metric: string;
  unit: string;
  direction: '>=' | '<=';
  baseline: number;
  target: number;
  firstClass: boolean;
  monitorOnly: boolean;
}

let cached: Signpost[] | undefined;

/** The shipped signpost catalogue (catalogue.json beside this module's source). */
export function signpostCatalogue(): Signpost[] {
  cached ??= JSON.parse(
    readFileSync(new URL('../../src/signposts/catalogue.json', import.meta.url), 'utf8'),
  ) as Signpost[];
  return cached;
}
