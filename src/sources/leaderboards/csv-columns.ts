import { csvRecords } from './csv.js';
import { tableError } from './adapter.js';

/** A CSV's records and a lookup of the first column present among each list of names. */
export interface CsvTable {
  records: Record<string, string>[];
  /** The first of `names` the header has, or a one-line error naming what was expected. */
  column(names: readonly string[]): string;
  /** The first of `names` the header has, or null. */
  optional(names: readonly string[]): string | null;
}

export function csvTable(adapter: string, text: string): CsvTable {
  const records = csvRecords(text);
  const header = new Set(Object.keys(records[0] ?? {}));
  const optional = (names: readonly string[]) => names.find((n) => header.has(n)) ?? null;
  return {
    records,
    optional,
    column(names) {
      const found = optional(names);
      if (found === null) throw tableError(adapter, `expected a column ${names.map((n) => `"${n}"`).join(' or ')}`);
      return found;
    },
  };
}

/** A name as people wrote it, without the stray whitespace and line breaks some tables carry. */
export function cleanName(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}
