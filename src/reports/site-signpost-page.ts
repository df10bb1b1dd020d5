import { escapeHtml } from '../core/escape.js';
import { withUnit } from '../core/wording.js';
import { link } from './digest-html.js';
import { courseWords, errorWords, forecastWords, verdictWords } from './forecast-wording.js';
import type { SignpostPageData } from './site-data.js';
import { sitePage } from './site-layout.js';
import { type ChartReading, observationChart } from './svg-observations.js';

const e = escapeHtml;
type Reading = SignpostPageData['readings'][number];

/**
 * One signpost: its definition, its value and progress as the newest snapshot stored them,
 * its readings over time by tier, the evidence (A/B), the "if true" (C/D) readings and those
 * refused as impossible in its unit, and its forecasts when it has any.
 */
export function signpostPage(
  { signpost: s, current, readings, forecasts }: SignpostPageData,
  snapshotDate: string | null,
): string {
  const body: string[] = [`<h1>${e(s.name)}</h1>`, `<p class="muted">${e(s.code)}</p>`];
  const flags = [
    s.firstClass ? 'first-class (counts double in its category)' : '',
    s.monitorOnly ? 'monitor-only (not counted in the index)' : '',
  ]
    .filter(Boolean)
    .join('; ');
  body.push(
    '<dl>',
    `<dt>category</dt><dd>${e(s.category)}</dd>`,
    `<dt>metric</dt><dd>${e(s.metric)}</dd>`,
    `<dt>baseline</dt><dd>${e(withUnit(s.baseline, s.unit))}</dd>`,
    `<dt>target</dt><dd>${s.direction === '>=' ? 'at least' : 'at most'} ${e(withUnit(s.target, s.unit))}</dd>`,
    `<dt>unit</dt><dd>${e(s.unit || '(none)')}</dd>`,
    flags ? `<dt>counts</dt><dd>${e(flags)}</dd>` : '',
    '</dl>',
  );
  body.push('<h2>Now</h2>');
  if (!snapshotDate) body.push('<p>No snapshot is stored yet.</p>');
  else if (!current || current.value === null)
    body.push(`<p>On ${e(snapshotDate)}: no A/B reading with a value yet (progress 0).</p>`);
  else
    body.push(
      `<p>On ${e(snapshotDate)}: <b>${e(withUnit(current.value, s.unit))}</b>, ` +
        `progress ${current.progress.toFixed(3)}` +
        `${current.provisional ? ', provisional (B evidence, no A within 14 days)' : ''}; ` +
        `tier ${e(current.tier ?? '?')} evidence of ${e(current.date ?? '?')}.</p>`,
    );

  const charted: ChartReading[] = readings.flatMap((r) =>
    r.value !== null && r.role !== 'rejected' ? [{ date: r.date, value: r.value, tier: r.tier }] : [],
  );
  body.push('<h2>Readings over time</h2>');
  body.push(
    charted.length
      ? observationChart(
          charted,
          s.baseline,
          s.target,
          snapshotDate ?? charted[charted.length - 1]?.date ?? '1970-01-01',
        )
      : '<p>No reading with a value yet.</p>',
  );

  if (forecasts) body.push(...forecastSection(forecasts));

  const counted = readings.filter((r) => r.role === 'value' || r.role === 'counted' || r.role === 'no value');
  body.push('<h2>Evidence (tier A/B)</h2>', list(counted, s.unit, 'No A/B evidence yet.'));
  body.push(
    '<h2>If true (tier C/D, not counted)</h2>',
    list(
      readings.filter((r) => r.role === 'if true'),
      s.unit,
      'None.',
    ),
  );
  const rejected = readings.filter((r) => r.role === 'rejected');
  if (rejected.length) body.push('<h2>Rejected (impossible in its unit)</h2>', list(rejected, s.unit, ''));
  return sitePage(`${s.name} — AGI progress`, '../', body.join('\n'));
}

/** Its forecasts beside the evidence: the course, then each forecast judged, with its source. */
function forecastSection(f: NonNullable<SignpostPageData['forecasts']>): string[] {
  const items = f.rows.map((x) => {
    const error = errorWords(x, true);
    const source = x.publication ? ` <span class="muted">(${link(x.publication.title, x.publication.url)})</span>` : '';
    return (
      `<li>${e(x.forecasterName)}: ${e(forecastWords(x))} — ${e(verdictWords(x))}` +
      `${error ? `, ${e(error)}` : ''}${source}</li>`
    );
  });
  return ['<h2>Forecasts</h2>', `<p>${e(courseWords(f.course))}</p>`, `<ul>${items.join('')}</ul>`];
}

/** Readings listed per section (best first): a much-reported signpost would otherwise list thousands. */
const LISTED = 50;

function list(readings: Reading[], unit: string, none: string): string {
  if (readings.length === 0) return `<p>${e(none)}</p>`;
  const items = readings.slice(0, LISTED).map((r) => {
    const value = r.value === null ? 'no value' : withUnit(r.value, unit);
    const mark = r.role === 'value' ? ' <b>(the current value)</b>' : '';
    const title = r.title ? ` — ${link(r.title, r.url)}` : '';
    const summary = r.summary ? `<br><span>${e(r.summary)}</span>` : '';
    const meta = `<span class="muted">tier ${e(r.tier)}, ${e(r.date)}, ${e(r.sourceId)}</span>`;
    return `<li>${e(value)}${mark} ${meta}${title}${summary}</li>`;
  });
  const more = readings.length > LISTED ? `<p class="muted">and ${readings.length - LISTED} more.</p>` : '';
  return `<ul class="readings">${items.join('')}</ul>${more}`;
}
