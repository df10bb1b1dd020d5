const BLOCKS = '▁▂▃▄▅▆▇█';

/** A fixed-width bar for a 0..1 score, with the confidence band marked: [####··|··]. */
export function gauge(score: number, band: [number, number], width = 20): string {
  const cells: string[] = [];
  for (let i = 0; i < width; i++) {
    const at = (i + 0.5) / width;
    cells.push(at <= score ? '#' : at >= band[0] && at <= band[1] ? '~' : '.');
  }
  return `[${cells.join('')}]`;
}

/** A one-line series; gaps (no value) are spaces. Scaled to the series' own range. */
export function sparkline(values: (number | null)[]): string {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return '';
  const min = Math.min(...known);
  const span = Math.max(...known) - min;
  return values
    .map((v) => (v === null ? ' ' : BLOCKS[span === 0 ? 3 : Math.round(((v - min) / span) * (BLOCKS.length - 1))]))
    .join('');
}
