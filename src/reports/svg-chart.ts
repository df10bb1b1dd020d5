import { escapeHtml } from '../core/escape.js';

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2'];

/*
 * Both drawings size themselves by viewBox only (no pixel width): the page's CSS makes them
 * as wide as the column and no wider, so on a 400-px phone they shrink instead of running
 * off-screen. Text sits inside the drawing, beside what it labels, so it cannot wrap away.
 */

/**
 * An inline SVG line chart of series over labelled points (values 0..1); gaps break a line.
 * The legend is HTML under the drawing, so it reflows on a narrow screen.
 */
export function lineChart(
  labels: string[],
  series: { name: string; values: (number | null)[] }[],
  width = 480,
  height = 220,
): string {
  const pad = { left: 34, right: 8, top: 10, bottom: 26 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const max = Math.max(0.1, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const step = max <= 0.5 ? 0.1 : 0.2;
  const top = Math.min(1, Math.ceil(max / step - 1e-9) * step);
  const x = (i: number) => pad.left + (labels.length <= 1 ? w / 2 : (i * w) / (labels.length - 1));
  const y = (v: number) => pad.top + h - (v / top) * h;
  const parts: string[] = [];
  for (let t = 0; t * step <= top + 1e-9; t++) {
    const v = t * step;
    parts.push(`<line x1="${pad.left}" x2="${pad.left + w}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    parts.push(`<text x="${pad.left - 6}" y="${y(v) + 4}" font-size="13" text-anchor="end">${v.toFixed(1)}</text>`);
  }
  labels.forEach((label, i) => {
    if ((labels.length - 1 - i) % 2 === 0)
      // every other label, counted from the newest
      parts.push(
        `<text x="${x(i)}" y="${height - 6}" font-size="13" ` +
          `text-anchor="${i === labels.length - 1 ? 'end' : 'middle'}">${escapeHtml(label)}</text>`,
      );
  });
  const legend: string[] = [];
  series.forEach((s, k) => {
    const color = COLORS[k % COLORS.length] as string;
    let d = '';
    s.values.forEach((v, i) => {
      if (v === null) return;
      d += `${d && s.values[i - 1] !== null ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    });
    // Later series are drawn over earlier ones: a dash pattern per series keeps equal lines apart.
    const dash = k === 0 ? '' : ` stroke-dasharray="${2 + 2 * k},${2 + k}"`;
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`);
    legend.push(
      '<li><svg viewBox="0 0 24 8" class="swatch" aria-hidden="true">' +
        `<line x1="0" x2="24" y1="4" y2="4" stroke="${color}" stroke-width="3"${dash}/></svg> ` +
        `${escapeHtml(s.name)}</li>`,
    );
  });
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet" ` +
    `class="chart" role="img" aria-label="index over time">${parts.join('')}</svg>`;
  return `<figure class="chart">${svg}<figcaption><ul class="legend">${legend.join('')}</ul></figcaption></figure>`;
}

/** A horizontal gauge for a 0..1 score with its confidence band, and its move this week. */
export function gaugeSvg(label: string, score: number, band: [number, number], note = '', width = 440): string {
  const barX = 96;
  const barW = width - barX - 150;
  const at = (v: number) => barX + v * barW;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} 22" class="gauge" role="img" ` +
    `aria-label="${escapeHtml(`${label} ${score.toFixed(3)} ${note}`.trim())}">` +
    `<text x="0" y="15" font-size="13">${escapeHtml(label)}</text>` +
    `<rect x="${barX}" y="4" width="${barW}" height="14" fill="#eee"/>` +
    `<rect x="${at(band[0])}" y="4" width="${Math.max(1, at(band[1]) - at(band[0]))}" height="14" fill="#cfe3f5"/>` +
    `<rect x="${barX}" y="8" width="${score * barW}" height="6" fill="#1f77b4"/>` +
    `<text x="${barX + barW + 6}" y="15" font-size="13">${score.toFixed(3)}</text>` +
    `<text x="${width}" y="15" font-size="13" text-anchor="end" fill="#777">${escapeHtml(note)}</text></svg>`
  );
}
