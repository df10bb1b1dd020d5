import { escapeHtml } from '../core/escape.js';
import { withUnit } from '../core/wording.js';
import { CATEGORIES } from '../signposts/catalogue.js';
import { digestHeadline } from './digest-headline.js';
import { digestBody, eventItem, link, table } from './digest-html.js';
import type { PublishedDigest } from './feed-entries.js';
import { signed } from './format.js';
import { ARCHIVE_PATH, digestPath, signpostPath } from './publish-paths.js';
import type { SiteData } from './site-data.js';
import { sitePage } from './site-layout.js';
import { gaugeSvg, lineChart } from './svg-chart.js';

const e = escapeHtml;
/** Chart labels every 8 weeks (about two months), counted from the newest: 53 would overlap. */
const LABEL_EVERY = 8;

/** Home: the newest stored index per preset, the category gauges, a year of weekly points, the latest digest. */
export function homePage(data: SiteData, presetNames: string[]): string {
  const body: string[] = ['<h1>AGI progress</h1>'];
  const s = data.snapshot;
  if (!s) body.push('<p>No snapshot is stored yet: run <code>agi-tracker snapshot</code>.</p>');
  else {
    body.push(`<p class="muted">The AGI index on ${e(s.date)} (UTC), from the evidence dated up to that day.</p>`);
    body.push(
      table(
        ['preset', 'overall', 'capability', 'safety margin'],
        s.presets.map((p) => [p.name, p.overall.toFixed(3), p.capability.toFixed(3), signed(p.safetyMargin)]),
      ),
    );
    body.push('<h2>Categories</h2><div>');
    for (const c of CATEGORIES) {
      const score = s.categories[c];
      body.push(gaugeSvg(c, score.score, score.band, `band ${score.band[0].toFixed(2)}–${score.band[1].toFixed(2)}`));
    }
    body.push('</div>');
  }
  body.push('<h2>The index over the last year</h2>');
  const n = data.weekly.length;
  body.push(
    lineChart(
      data.weekly.map((w, i) => ((n - 1 - i) % LABEL_EVERY === 0 ? w.week.slice(5) : '')),
      presetNames.map((name) => ({ name, values: data.weekly.map((w) => w.overall[name] ?? null) })),
    ),
  );
  const span = n ? `${data.weekly[0]?.week} to ${data.weekly[n - 1]?.week}` : '';
  body.push(`<p class="muted">ISO weeks ${e(span)}: the last stored snapshot of each week.</p>`);

  const latest = data.digests[0];
  body.push('<h2>Latest digest</h2>');
  if (!latest) body.push('<p>No digest is stored yet: run <code>agi-tracker digest</code>.</p>');
  else body.push(highlights(latest));

  body.push('<h2>Signposts</h2>');
  body.push(signpostTable(data));
  return sitePage('AGI progress', '', body.join('\n'));
}

function highlights({ week, doc }: PublishedDigest): string {
  const records = doc.records.map(
    (r) =>
      `<li><b>${e(r.signpost)}</b>: ${e(withUnit(r.value, r.unit))}` +
      `${r.title ? ` — ${link(r.title, r.url)}` : ''}</li>`,
  );
  const top = doc.topEvents.flatMap((g) => g.events).slice(0, 5);
  return [
    `<p><a href="${e(digestPath(week))}">${e(week)}</a> (${e(doc.from)} to ${e(doc.to)}): ` +
      `${e(digestHeadline(doc))}</p>`,
    records.length ? `<h3>New records</h3><ul>${records.join('')}</ul>` : '',
    top.length ? `<h3>Top events</h3><ul>${top.map((ev) => eventItem(ev)).join('')}</ul>` : '',
  ].join('');
}

function signpostTable(data: SiteData): string {
  const rows = data.signposts.map(({ signpost: s, current }) => {
    const value = current?.value === null || current?.value === undefined ? '—' : withUnit(current.value, s.unit);
    const code = `<a href="${e(signpostPath(s.code))}">${e(s.code)}</a>`;
    const progress = (current?.progress ?? 0).toFixed(2);
    return (
      `<tr><td>${code}</td><td class="wrap">${e(s.name)}</td><td>${e(s.category)}</td>` +
      `<td>${e(value)}</td><td>${progress}</td></tr>`
    );
  });
  const head = ['signpost', 'name', 'category', 'value', 'progress'].map((h) => `<th>${h}</th>`).join('');
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** The archive: every published digest, newest first, with its headline. */
export function archivePage(digests: PublishedDigest[]): string {
  const items = digests.map(
    ({ week, doc }) =>
      `<li><a href="${e(digestPath(week))}">${e(week)}</a> <span class="muted">${e(doc.from)} to ${e(doc.to)}</span>` +
      `<br>${e(digestHeadline(doc))}</li>`,
  );
  const body = items.length ? `<ul class="readings">${items.join('')}</ul>` : '<p>No digest is stored yet.</p>';
  return sitePage('AGI progress: weekly digests', '', `<h1>Weekly digests</h1>\n${body}`);
}

/** One digest's page: the digest itself, as `digest --format html` shows it, in the site's frame. */
export function digestPage(d: PublishedDigest): string {
  return sitePage(
    `AGI progress digest ${d.week}`,
    '../',
    `${digestBody(d.doc)}\n<p><a href="../${ARCHIVE_PATH}">All digests</a></p>`,
  );
}
