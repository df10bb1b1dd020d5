// zod/mini, by named imports: a fraction of classic zod's code and far cheaper schemas to build,
// which every command pays for at start-up (the bundle keeps only what is imported here).
import {
  _default,
  boolean,
  type core,
  enum as zEnum,
  gte,
  int as zInt,
  lte,
  minLength,
  nullable,
  number,
  prefault,
  refine,
  regex,
  registry,
  strictObject,
  string,
  type ZodMiniType,
} from 'zod/mini';

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
export const keyInfo = registry<KeyInfo>();

/** Declares one key: its schema (with its default) and where else it may come from. */
export function key<T extends ZodMiniType>(schema: T, info: KeyInfo): T {
  keyInfo.add(schema, info);
  return schema;
}

/** The keys of a section, by name. */
export type Shape = Record<string, ZodMiniType>;

const sectionShapes = new WeakMap<ZodMiniType, Shape>();

/** A group of keys (`http`, `llm` …): an object with no other keys, absent means every default. */
export function section<S extends Shape>(shape: S) {
  const object = strictObject(shape, {
    error: (iss) => (iss.code === 'invalid_type' ? 'must be an object' : undefined),
  });
  const schema = prefault(object, {} as never); // every key has a default
  sectionShapes.set(schema, shape);
  return schema;
}

export function sectionShape(schema: ZodMiniType): Shape | undefined {
  return sectionShapes.get(schema);
}

// Validators with the messages config errors have always used (tests and users read them).

export const int = (min: number, max = Number.MAX_SAFE_INTEGER) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return zInt({ error }).check(gte(min, { error }), lte(max, { error }));
};

export const text = () =>
  string({ error: 'must be a non-empty string' }).check(minLength(1, { error: 'must be a non-empty string' }));

export const bool = () => boolean({ error: 'must be true or false' });

export const usd = () => {
  const error = 'must be a number of USD, 0 or more';
  return number({ error }).check(gte(0, { error }));
};

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  zEnum(values, { error: `must be one of ${values.join(', ')}` });

export const httpUrl = () =>
  string({ error: 'must be an http(s) URL' }).check(refine(isHttpUrl, { error: 'must be an http(s) URL' }));

// An API key goes into an HTTP header: printable ASCII with no spaces. A pasted newline or
// space would make every request fail (and an error could quote it), so it is refused at load.
export const apiKey = () => {
  const error = 'must be printable ASCII with no spaces, tabs or line breaks (check for a pasted newline)';
  return string({ error }).check(regex(/^[\x21-\x7e]+$/, { error }));
};

// An SMTP URL (a secret): smtp:// (STARTTLS when offered) or smtps:// (TLS from the start), with a host.
export const smtpUrl = () => {
  const error = 'must be an smtp:// or smtps:// URL with a host';
  return string({ error }).check(refine(isSmtpUrl, { error }));
};

// A bare address: no display name, spaces, commas or angle brackets, so it cannot add a recipient or a header.
export const emailAddress = () => {
  const error = 'must be an email address (name@host)';
  return string({ error }).check(regex(/^[^\s@<>,;"]+@[^\s@<>,;"]+$/, { error }));
};

// A sender: an address, or `Name <address>` without line breaks.
export const sender = () => {
  const error = 'must be an email address, or "Name <name@host>"';
  return string({ error }).check(regex(/^([^\r\n<>@,;"]+ )?<?[^\s@<>,;"]+@[^\s@<>,;"]+>?$/, { error }));
};

/** A key with a default: `withDefault(int(1, 64), 4)`. */
export const withDefault = _default;

/** A key that is null unless set: a URL, a secret, an optional limit. */
export const orNull = <T extends ZodMiniType>(schema: T) => _default(nullable(schema), null);

/**
 * A problem found inside a transform: a custom issue, or one a nested schema found, passed on
 * whole (code, keys …) under its new path. zod/mini hands a transform the bare parse payload;
 * classic zod's ctx.addIssue is this same push. `params.worded` marks a message another
 * validator has already worded with its key.
 */
export function addIssue(
  ctx: core.ParsePayload,
  issue: { message: string; path?: PropertyKey[]; params?: Record<string, unknown> } | core.$ZodIssue,
): void {
  ctx.issues.push({ code: 'custom', input: ctx.value, ...issue, path: issue.path ?? [] } as core.$ZodRawIssue);
}

function isSmtpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return /^smtps?:$/.test(u.protocol) && u.hostname !== '';
  } catch {
    return false;
  }
}

function isHttpUrl(v: string): boolean {
  try {
    return /^https?:$/.test(new URL(v).protocol);
  } catch {
    return false;
  }
}
