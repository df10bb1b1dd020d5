import { AppError } from '../core/errors.js';
import { readShippedJson } from '../core/package-files.js';
import type { Price, PriceTable } from '../core/types.js';

export function shippedPrices(): PriceTable {
  return readShippedJson<PriceTable>('src/llm/pricing.json');
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
      `no price known for model "${model}": ` +
        `add "pricing": {"${model}": {"input": …, "cachedInput": …, "output": …}} (USD per 1M tokens) to the config`,
    );
  }
  return price;
}

/**
 * What a call through OpenAI's Batch API costs per 1M tokens: the model's `batch` prices in the
 * table (src/llm/pricing.json, or a config override), else half its live prices, as OpenAI
 * bills batches. Reservations and settlements of batched calls use these.
 */
export function batchPrice(price: Price): Price {
  const batch = price.batch ?? { input: price.input / 2, cachedInput: price.cachedInput / 2, output: price.output / 2 };
  return { ...batch };
}

/** (prompt − cached)·input + cached·cachedInput + completion·output, per 1M tokens. */
export function costUsd(
  price: Price,
  usage: { inputTokens: number; cachedTokens: number; outputTokens: number },
): number {
  const cached = Math.min(usage.cachedTokens, usage.inputTokens);
  return (
    ((usage.inputTokens - cached) * price.input + cached * price.cachedInput + usage.outputTokens * price.output) / 1e6
  );
}

/**
 * What one call can cost at most, reserved before it starts: every byte of the prompt counted
 * as a token (a BPE token covers at least one byte) plus per-message overhead, and the full
 * output cap. The token bounds are kept with the reservation: usage beyond them is a lie.
 */
export interface CallBound {
  worstUsd: number;
  maxInputTokens: number;
  maxOutputTokens: number;
}

export function callBound(price: Price, promptBytes: number, messages: number, maxOutputTokens: number): CallBound {
  const maxInputTokens = promptBytes + 8 * messages + 32;
  return {
    worstUsd: (maxInputTokens * Math.max(price.input, price.cachedInput) + maxOutputTokens * price.output) / 1e6,
    maxInputTokens,
    maxOutputTokens,
  };
}

export function worstCaseUsd(price: Price, promptBytes: number, messages: number, maxOutputTokens: number): number {
  return callBound(price, promptBytes, messages, maxOutputTokens).worstUsd;
}
