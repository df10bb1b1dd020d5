import { readFileSync } from 'node:fs';
import { AppError } from '../core/errors.js';

/** USD per 1M tokens. */
export interface Price {
  input: number;
  cachedInput: number;
  output: number;
}

export type PriceTable = Record<string, Price>;

export function shippedPrices(): PriceTable {
  return JSON.parse(readFileSync(new URL('../../src/llm/pricing.json', import.meta.url), 'utf8')) as PriceTable;
}

/**
 * The price of a model: config entries override the shipped table per model; a dated name
 * matches its base (gpt-4o-mini-2024-07-18 → gpt-4o-mini). A model with no known price is
 * refused before any call: it is never costed at $0.
 */
export function priceOf(model: string, overrides: PriceTable): Price {
  const table = { ...shippedPrices(), ...overrides };
  const base = model.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  const price = table[model] ?? table[base];
  if (!price) {
    throw new AppError(
      'config',
      `no price known for model "${model}": add "pricing": {"${model}": {"input": …, "cachedInput": …, "output": …}} (USD per 1M tokens) to the config`,
    );
  }
  return price;
}

/** (prompt − cached)·input + cached·cachedInput + completion·output, per 1M tokens. */
export function costUsd(price: Price, usage: { inputTokens: number; cachedTokens: number; outputTokens: number }): number {
  const cached = Math.min(usage.cachedTokens, usage.inputTokens);
  return ((usage.inputTokens - cached) * price.input + cached * price.cachedInput + usage.outputTokens * price.output) / 1e6;
}

/**
 * Worst case of one call, reserved before it starts: every byte of the prompt counted as a
 * token (a BPE token covers at least one byte), per-message overhead, and the full output cap.
 */
export function worstCaseUsd(price: Price, promptBytes: number, messages: number, maxOutputTokens: number): number {
  const inputBound = promptBytes + 8 * messages + 32;
  return (inputBound * Math.max(price.input, price.cachedInput) + maxOutputTokens * price.output) / 1e6;
}
