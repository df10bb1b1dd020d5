import { escapeHtml } from '../core/escape.js';
import { plainNumber } from '../core/wording.js';

/** Tier colours: A and B (counted) solid blues, C and D ("if true") hollow warm and grey. */
const TIER = {
  A: { color: '#08519c', fill: true },
  B: { color: '#4292c6', fill: true },
  C: { color: '#d95f02', fill: false },
  D: { color: '#777777', fill: false },
} as const;

export interface ChartReading {
  date: string;
  value: number;
  tier: keyof typeof TIER;
}

const DAY = 86_400_000;

/**
 * An inline SVG of a signpost's readings over time, one dot per reading coloured by tier,
 * with the baseline and the target as dashed lines. Sized by viewBox only, like the other
 * drawings, so it shrinks to a phone's width; the tier legend is HTML so it reflows.
 */
export function observationChart(
  readings: ChartReading[],
  baseline: number,
  target: number,
  /** The last day drawn (the snapshot's): the axis never runs into the future. */
  until: string,
  width = 480,
  height = 220,
): string {
  const pad = { left: 52, right: 12, top: 12, bottom: 26 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const { lo, hi, step } = niceRange([baseline, target, ...readings.map((r) => r.value)]);
  const times = readings.map((r) => Date.parse(`${r.date}T00:00:00Z`));
  const t1 = Date.parse(`${until}T00:00:00Z`);
  // At least 30 days wide, so two readings a day apart are not drawn at the two edges.
  const t0 = Math.min(t1 - 30 * DAY, ...times);
  const x = (t: number) => pad.left + ((t - t0) / (t1 - t0)) * w;
  const y = (v: number) => pad.top + h - ((v - lo) / (hi - lo)) * h;
  const parts: string[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) {
    const at = y(v).toFixed(1);
    parts.push(`<line x1="${pad.left}" x2="${pad.left + w}" y1="${at}" y2="${at}" stroke="#eee"/>`);
    const label = escapeHtml(plainNumber(v, 2));
    parts.push(
      `<text x="${pad.left - 6}" y="${(y(v) + 4).toFixed(1)}" font-size="12" text-anchor="end">${label}</text>`,
    );
  }
  for (const [label, v] of [
    ['baseline', baseline],
    ['target', target],
  ] as const) {
    const at = y(v).toFixed(1);
    parts.push(
      `<line x1="${pad.left}" x2="${pad.left + w}" y1="${at}" y2="${at}" stroke="#999" stroke-dasharray="4,3"/>`,
      `<text x="${pad.left + 4}" y="${(y(v) - 3).toFixed(1)}" font-size="12" fill="#555">${label}</text>`,
    );
  }
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  parts.push(`<text x="${pad.left}" y="${height - 6}" font-size="12">${day(t0)}</text>`);
  parts.push(`<text x="${pad.left + w}" y="${height - 6}" font-size="12" text-anchor="end">${day(t1)}</text>`);
  readings.forEach((r, i) => {
    const style = TIER[r.tier];
    const cx = x(times[i] as number).toFixed(1);
    const cy = y(r.value).toFixed(1);
    const fill = style.fill ? style.color : 'none';
    parts.push(`<circle cx="${cx}" cy="${cy}" r="4" fill="${fill}" stroke="${style.color}" stroke-width="2"/>`);
  });
  const tiers = (Object.keys(TIER) as (keyof typeof TIER)[]).filter((t) => readings.some((r) => r.tier === t));
  const legend = tiers
    .map((t) => {
      const s = TIER[t];
      const fill = s.fill ? s.color : 'none';
      const dot = `<circle cx="5" cy="5" r="4" fill="${fill}" stroke="${s.color}" stroke-width="2"/>`;
      const svg = `<svg viewBox="0 0 10 10" class="dot" aria-hidden="true">${dot}</svg>`;
      return `<li>${svg} tier ${t}${s.fill ? '' : ' (if true)'}</li>`;
    })
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet" ` +
    `class="chart" role="img" aria-label="readings over time by tier">${parts.join('')}</svg>`;
  return `<figure class="chart">${svg}<figcaption><ul class="legend">${legend}</ul></figcaption></figure>`;
}

/** An axis over the values in 3 to 6 round steps (1, 2, 2.5 or 5 times a power of ten). */
function niceRange(values: number[]): { lo: number; hi: number; step: number } {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  const rough = (hi - lo) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= rough) ?? 10) * power;
  return { lo: Math.floor(lo / step) * step, hi: Math.ceil(hi / step) * step, step };
}
