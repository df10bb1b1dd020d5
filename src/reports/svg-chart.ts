import { escapeHtml } from './escape.js';

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2'];

/** An inline SVG line chart of series over labelled points (values 0..1); gaps break a line. */
export function lineChart(labels: string[], series: { name: string; values: (number | null)[] }[], width = 640, height = 240): string {
  const pad = { left: 40, right: 120, top: 10, bottom: 30 };
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
    parts.push(`<text x="${pad.left - 6}" y="${y(v) + 4}" font-size="10" text-anchor="end">${v.toFixed(1)}</text>`);
  }
  labels.forEach((label, i) => {
    if ((labels.length - 1 - i) % 2 === 0) // every other label, counted from the newest
      parts.push(`<text x="${x(i)}" y="${height - 10}" font-size="10" text-anchor="middle">${escapeHtml(label)}</text>`);
  });
  series.forEach((s, k) => {
    const color = COLORS[k % COLORS.length] as string;
    let d = '';
    s.values.forEach((v, i) => {
      if (v === null) return;
      d += `${d && s.values[i - 1] !== null ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    });
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"/>`);
    parts.push(`<text x="${pad.left + w + 8}" y="${pad.top + 12 + k * 14}" font-size="11" fill="${color}">${escapeHtml(s.name)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="index over time">${parts.join('')}</svg>`;
}

/** A horizontal gauge for a 0..1 score with its confidence band. */
export function gaugeSvg(label: string, score: number, band: [number, number], width = 360): string {
  const barX = 110;
  const barW = width - barX - 50;
  const at = (v: number) => barX + v * barW;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="22" role="img" aria-label="${escapeHtml(label)} ${score.toFixed(3)}">` +
    `<text x="0" y="15" font-size="12">${escapeHtml(label)}</text>` +
    `<rect x="${barX}" y="4" width="${barW}" height="14" fill="#eee"/>` +
    `<rect x="${at(band[0])}" y="4" width="${Math.max(1, at(band[1]) - at(band[0]))}" height="14" fill="#cfe3f5"/>` +
    `<rect x="${barX}" y="8" width="${score * barW}" height="6" fill="#1f77b4"/>` +
    `<text x="${barX + barW + 6}" y="15" font-size="12">${score.toFixed(3)}</text></svg>`
  );
}
