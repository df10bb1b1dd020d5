import type { output } from 'zod/mini';
import type { Origin } from './key.js';
import type { configSchema } from './schema.js';

export type { Origin } from './key.js';

/** The effective config: inferred from its one declaration (schema.ts), never written twice. */
export type Config = output<typeof configSchema>;
export type HttpConfig = Config['http'];
export type LlmConfig = Config['llm'];
export type BudgetConfig = Config['budget'];

export interface LoadedConfig {
  config: Config;
  /** Where each effective value came from, by dotted key. */
  origins: Record<string, Origin>;
  file: string | null;
}
