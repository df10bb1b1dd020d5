import { plural } from '../core/wording.js';
import type { DigestDocument } from './digest.js';
import { signed } from './format.js';

/** One line on a digest: the first preset's index, its move over the week, the new records. */
export function digestHeadline(d: DigestDocument): string {
  const first = d.index.presets[0];
  const move = first?.weekMovement;
  const moved = move === null || move === undefined ? '' : ` (${signed(move)} this week)`;
  const index = `Index (${first?.name ?? 'n/a'}) ${first?.overall.toFixed(3) ?? 'n/a'}${moved}`;
  return `${index}; ${plural(d.records.length, 'new signpost record')}.`;
}
