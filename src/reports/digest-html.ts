import type { DigestDocument, DigestEvent } from './digest.js';
import { signed } from './format.js';
import { escapeHtml, safeHref } from '../core/escape.js';
import { gaugeSvg, lineChart } from './svg-chart.js';
import { plural, withUnit } from '../core/wording.js';
import type { DigestForecasts } from './digest-forecasts.js';
import { errorWords, forecastWords, verdictWords } from './forecast-wording.js';

// Phone first: drawings and the column shrink to the screen; a wide table scrolls inside
// its own box instead of widening the page; long words and URLs break.
export const PAGE_STYLE =
  'body{font:14px/1.45 system-ui,sans-serif;max-width:860px;margin:2em auto;padding:0 1em;color:#222;' +
  'overflow-wrap:anywhere}\n' +
  '.scroll{overflow-x:auto;max-width:100%}table{border-collapse:collapse;margin:.5em 0}' +
  'td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;white-space:nowrap}\n' +
  'svg{max-width:100%;height:auto}svg.chart{display:block;width:100%;max-width:560px}' +
  'svg.gauge{display:block;width:100%;max-width:480px}\n' +
  'figure.chart{margin:0}.legend{list-style:none;padding:0;margin:.2em 0 .8em;display:flex;flex-wrap:wrap;' +
  'gap:.2em 1.2em}.swatch{width:24px;height:8px}\n' +
  '.muted{color:#777}.iftrue{color:#8a5a00}h3{margin-bottom:.2em}';

/** What a page may load: nothing but its own inline style and data: images; no script, no form, no base. */
export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/**
 * One self-contained HTML file: no script, no external resource (a Content-Security-Policy
 * forbids both), every piece of feed text escaped, links only to http(s) URLs.
 */
export function digestHtml(d: DigestDocument): string {
  return htmlPage(`AGI progress digest ${d.week}`, digestBody(d));
}

/**
 * A whole page around a body of already-escaped HTML; `head` adds already-escaped elements
 * (feed links) to its head.
 */
export function htmlPage(title: string, body: string, head = ''): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style>${head}</head>
<body>
${body}
</body></html>
`;
}

/** The digest as a fragment of HTML (a page's body, a feed entry's content). */
export function digestBody(d: DigestDocument): string {
  const e = escapeHtml;
  const body: string[] = [
    `<h1>AGI progress digest — ${e(d.week)}</h1>`,
    `<p class="muted">${e(d.from)} to ${e(d.to)} (UTC)</p>`,
  ];
  if (d.narrative.text) body.push(`<p>${e(d.narrative.text)}</p>`);
  else if (d.narrative.note) body.push(`<p class="muted">${e(d.narrative.note)}</p>`);

  body.push('<h2>Index</h2>');
  const presets = d.index.presets.map((p) => p.name);
  body.push(
    lineChart(
      d.series.map((s) => s.week.slice(5)),
      presets.map((name) => ({ name, values: d.series.map((s) => s.overall[name] ?? null) })),
    ),
  );
  body.push(
    table(
      ['preset', 'overall', 'capability', 'safety margin', 'week'],
      d.index.presets.map((p) => [
        p.name,
        p.overall.toFixed(3),
        p.capability.toFixed(3),
        signed(p.safetyMargin),
        signed(p.weekMovement),
      ]),
    ),
  );
  body.push(
    '<div>',
    ...d.index.categories.map((c) => gaugeSvg(c.category, c.score, c.band, `week ${signed(c.weekMovement)}`)),
    '</div>',
  );

  body.push('<h2>New signpost records</h2>');
  body.push(
    d.records.length === 0
      ? '<p>None this week.</p>'
      : `<ul>${d.records
          .map(
            (r) =>
              `<li><b>${e(r.signpost)}</b> (${e(r.name)}): ${e(withUnit(r.value, r.unit))}, ` +
              (r.previous === null ? 'first reading' : `previous best ${e(withUnit(r.previous, r.unit))}`) +
              `; tier ${e(r.tier)}, ${e(r.date)}${r.title ? ` — ${link(r.title, r.url)}` : ''}</li>`,
          )
          .join('')}</ul>`,
  );

  body.push('<h2>Top events (tier A/B, by significance)</h2>');
  if (d.topEvents.length === 0) body.push('<p>No analysed A/B events this week.</p>');
  for (const g of d.topEvents)
    body.push(`<h3>${e(g.category)}</h3><ul>${g.events.map((ev) => eventItem(ev)).join('')}</ul>`);

  body.push('<h2>If true (tier C/D, not counted)</h2>');
  body.push(
    d.ifTrue.length === 0
      ? '<p>None.</p>'
      : `<ul class="iftrue">${d.ifTrue.map((ev) => eventItem(ev, 'if true: ')).join('')}</ul>`,
  );

  const retracted = d.retracted;
  if (retracted.length > 0)
    body.push(
      '<h2>Retracted by a reviewer (counted nowhere)</h2>',
      `<ul>${retracted
        .map(
          (r) =>
            `<li>${link(r.title, r.url)} <span class="muted">— ${e(r.source)}, ${e(r.date)}</span>: ` +
            `retracted by ${e(r.by)} on ${e(r.at.slice(0, 10))}${r.why ? `: ${e(r.why)}` : ''}</li>`,
        )
        .join('')}</ul>`,
    );

  body.push(...forecastsHtml(d.forecasts));

  body.push('<h2>Sources</h2>');
  body.push(
    d.sources.length === 0
      ? '<p>Every source is healthy.</p>'
      : `<ul>${d.sources.map((s) => `<li>${e(s.id)}: ${e(s.problem)}</li>`).join('')}</ul>`,
  );
  body.push(`<p>LLM spend this week: $${d.spend.usd.toFixed(4)} over ${plural(d.spend.calls, 'call')}.</p>`);
  return body.join('\n');
}

/** Crossings of the week and forecasts falling due; nothing when there are none. */
function forecastsHtml(f: DigestForecasts | undefined): string[] {
  if (!f || (f.forecasts.length === 0 && f.crossed.length === 0)) return [];
  const e = escapeHtml;
  const crossed = f.crossed.map((c) => `<li><b>${e(c.signpost)}</b> (${e(c.name)}) crossed on ${e(c.date)}.</li>`);
  const rows = f.forecasts.map((x) => {
    const source = x.publication ? ` <span class="muted">(${link(x.publication.title, x.publication.url)})</span>` : '';
    const error = errorWords(x, true);
    return (
      `<li>${e(x.forecasterName)} on <b>${e(x.signpost)}</b>: ${e(forecastWords(x))} — ` +
      `${e(verdictWords(x))}${error ? `, ${e(error)}` : ''}${source}</li>`
    );
  });
  return [
    `<h2>Forecasts (crossed this week, or due by ${e(f.horizon)})</h2>`,
    `<ul>${[...crossed, ...rows].join('')}</ul>`,
  ];
}

export function link(text: string, url: string | null): string {
  const href = safeHref(url);
  return href
    ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${escapeHtml(text)}</a>`
    : escapeHtml(text);
}

export function eventItem(ev: DigestEvent, prefix = ''): string {
  const summary = ev.summary ? `<br><span>${escapeHtml(ev.summary)}</span>` : '';
  const also = ev.alsoReportedBy.length
    ? '<br><span class="muted">also reported by ' +
      ev.alsoReportedBy.map((o) => `${link(o.source, o.url)} (${escapeHtml(o.tier)})`).join(', ') +
      '</span>'
    : '';
  return (
    `<li>${escapeHtml(prefix)}${link(ev.title, ev.url)} <span class="muted">— ${escapeHtml(ev.source)}, ` +
    `${escapeHtml(ev.date)}, tier ${escapeHtml(ev.tier)}, significance ${ev.significance}</span>${summary}${also}</li>`
  );
}

export function table(head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('');
  return `<div class="scroll"><table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table></div>`;
}
