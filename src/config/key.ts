import { z } from 'zod';

/** Where an effective value came from: built-in defaults < config file < env < flags. */
export type Origin = 'default' | 'file' | 'env' | 'flag';

/** What a config key declares besides its type, range and default (which its zod schema holds). */
export interface KeyInfo {
  /** What the key sets, for people reading the schema. */
  help: string;
  /** The environment variable that sets it (over the config file, under flags). */
  env?: string;
  /** Never printed, logged or echoed in an error, not even a wrong value. */
  secret?: boolean;
  /** A whole object or list (sources, pricing …): how `config check` sums it up. */
  summary?: (value: never, origin: Origin) => string;
}

/** Every config key's schema → its KeyInfo; a schema not in here is a section. */
export const keyInfo = z.registry<KeyInfo>();

/** Declares one key: its schema (with its default) and where else it may come from. */
export function key<T extends z.ZodType>(schema: T, info: KeyInfo): T {
  keyInfo.add(schema, info);
  return schema;
}

const sectionShapes = new WeakMap<z.ZodType, z.ZodRawShape>();

/** A group of keys (`http`, `llm` …): an object with no other keys, absent means every default. */
export function section<S extends z.ZodRawShape>(shape: S) {
  const schema = z
    .strictObject(shape, { error: (iss) => (iss.code === 'invalid_type' ? 'must be an object' : undefined) })
    .prefault({} as never); // every key has a default
  sectionShapes.set(schema, shape);
  return schema;
}

export function sectionShape(schema: z.ZodType): z.ZodRawShape | undefined {
  return sectionShapes.get(schema);
}

// Validators with the messages config errors have always used (tests and users read them).

export const int = (min: number, max = Number.MAX_SAFE_INTEGER) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
};

export const text = () =>
  z.string({ error: 'must be a non-empty string' }).min(1, { error: 'must be a non-empty string' });

export const bool = () => z.boolean({ error: 'must be true or false' });

export const usd = () => {
  const error = 'must be a number of USD, 0 or more';
  return z.number({ error }).min(0, { error });
};

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });

export const httpUrl = () =>
  z.string({ error: 'must be an http(s) URL' }).refine(isHttpUrl, { error: 'must be an http(s) URL' });

// An API key goes into an HTTP header: printable ASCII with no spaces. A pasted newline or
// space would make every request fail (and an error could quote it), so it is refused at load.
export const apiKey = () => {
  const error = 'must be printable ASCII with no spaces, tabs or line breaks (check for a pasted newline)';
  return z.string({ error }).regex(/^[\x21-\x7e]+$/, { error });
};

function isHttpUrl(v: string): boolean {
  try {
    return /^https?:$/.test(new URL(v).protocol);
  } catch {
    return false;
  }
}
