import type { ZodMiniType } from 'zod/mini';
import { type KeyInfo, keyInfo, sectionShape } from './key.js';
import { configSchema } from './schema.js';

export interface DeclaredKey {
  /** Dotted name, as errors and `config check` show it: "http.retries". */
  key: string;
  path: string[];
  schema: ZodMiniType;
  info: KeyInfo;
  /** How an environment variable's text is read for this key. */
  kind: 'number' | 'boolean' | 'other';
}

let declared: DeclaredKey[] | undefined;

/** Every key of the schema, sections walked, in declaration order. */
export function declaredKeys(): DeclaredKey[] {
  declared ??= Object.entries(configSchema.shape).flatMap(([name, schema]) => {
    const shape = sectionShape(schema);
    const entries: [string[], ZodMiniType][] = shape
      ? Object.entries(shape).map(([k, s]) => [[name, k], s as ZodMiniType])
      : [[[name], schema]];
    return entries.map(([path, s]) => {
      const info = keyInfo.get(s);
      if (!info) throw new Error(`config key ${path.join('.')} is declared without key()`);
      return { key: path.join('.'), path, schema: s, info, kind: baseKind(s) };
    });
  });
  return declared;
}

/** The type under `.default()` / `.nullable()` wrappers. */
function baseKind(schema: ZodMiniType): DeclaredKey['kind'] {
  let def = schema._zod.def as { type: string; innerType?: ZodMiniType };
  while (def.innerType && ['default', 'prefault', 'nullable', 'optional'].includes(def.type))
    def = def.innerType._zod.def as typeof def;
  return def.type === 'number' ? 'number' : def.type === 'boolean' ? 'boolean' : 'other';
}
