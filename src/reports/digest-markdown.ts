import type { DigestDocument, DigestEvent } from './digest.js';
import { signed } from './format.js';
import { escapeMarkdown, markdownLink } from '../core/escape.js';
import { plural, withUnit } from '../core/wording.js';
import type { DigestForecasts } from './digest-forecasts.js';
import { errorWords, forecastWords, verdictWords } from './forecast-wording.js';

/** The digest as Markdown (what `--post` sends); feed text escaped, only http(s) links. */
export function digestMarkdown(d: DigestDocument): string {
  const out: string[] = [`# AGI progress digest — ${d.week} (${d.from} to ${d.to})`, ''];
  if (d.narrative.text) out.push(escapeMarkdown(d.narrative.text), '');
  else if (d.narrative.note) out.push(`_${escapeMarkdown(d.narrative.note)}_`, '');

  out.push('## Index', '', '| preset | overall | capability | safety margin | week |', '|---|---|---|---|---|');
  for (const p of d.index.presets)
    out.push(
      `| ${p.name} | ${p.overall.toFixed(3)} | ${p.capability.toFixed(3)} | ` +
        `${signed(p.safetyMargin)} | ${signed(p.weekMovement)} |`,
    );
  out.push('', '| category | score | band | week |', '|---|---|---|---|');
  for (const c of d.index.categories)
    out.push(
      `| ${c.category} | ${c.score.toFixed(3)} | ` +
        `${c.band[0].toFixed(2)}–${c.band[1].toFixed(2)} | ${signed(c.weekMovement)} |`,
    );

  out.push('', '## New signpost records', '');
  if (d.records.length === 0) out.push('None this week.');
  for (const r of d.records) {
    const prev = r.previous === null ? 'first reading' : `previous best ${withUnit(r.previous, r.unit)}`;
    const from = r.title ? ` — ${markdownLink(r.title, r.url)}` : '';
    out.push(
      `- **${r.signpost}** (${escapeMarkdown(r.name)}): ${escapeMarkdown(withUnit(r.value, r.unit))}, ` +
        `${escapeMarkdown(prev)}; tier ${r.tier}, ${r.date}${from}`,
    );
  }

  out.push('', '## Top events (tier A/B, by significance)', '');
  if (d.topEvents.length === 0) out.push('No analysed A/B events this week.');
  for (const g of d.topEvents) {
    out.push(`### ${g.category}`, '');
    for (const e of g.events) out.push(eventLine(e));
    out.push('');
  }

  out.push('## If true (tier C/D, not counted)', '');
  if (d.ifTrue.length === 0) out.push('None.');
  for (const e of d.ifTrue) out.push(eventLine(e, 'if true: '));

  const retracted = d.retracted;
  if (retracted.length > 0) {
    out.push('', '## Retracted by a reviewer (counted nowhere)', '');
    for (const r of retracted)
      out.push(
        `- ${markdownLink(r.title, r.url)} — ${escapeMarkdown(r.source)}, ${r.date}: ` +
          `retracted by ${escapeMarkdown(r.by)} on ${r.at.slice(0, 10)}${r.why ? `: ${escapeMarkdown(r.why)}` : ''}`,
      );
  }

  out.push(...forecastsMarkdown(d.forecasts));

  out.push('', '## Sources', '');
  if (d.sources.length === 0) out.push('Every source is healthy.');
  for (const s of d.sources) out.push(`- ${escapeMarkdown(s.id)}: ${escapeMarkdown(s.problem)}`);

  out.push('', `LLM spend this week: $${d.spend.usd.toFixed(4)} over ${plural(d.spend.calls, 'call')}.`, '');
  return out.join('\n');
}

function eventLine(e: DigestEvent, prefix = ''): string {
  const summary = e.summary ? ` ${escapeMarkdown(e.summary)}` : '';
  const also = e.alsoReportedBy.length
    ? ` Also reported by ${e.alsoReportedBy.map((o) => `${markdownLink(o.source, o.url)} (${o.tier})`).join(', ')}.`
    : '';
  return (
    `- ${prefix}${markdownLink(e.title, e.url)} — ${escapeMarkdown(e.source)}, ${e.date}, ` +
    `tier ${e.tier}, significance ${e.significance}.${summary}${also}`
  );
}

/** Crossings of the week and forecasts falling due; nothing when there are none. */
function forecastsMarkdown(f: DigestForecasts | undefined): string[] {
  if (!f || (f.forecasts.length === 0 && f.crossed.length === 0)) return [];
  const out = ['', `## Forecasts (crossed this week, or due by ${f.horizon})`, ''];
  for (const c of f.crossed) out.push(`- **${c.signpost}** (${escapeMarkdown(c.name)}) crossed on ${c.date}.`);
  for (const x of f.forecasts) {
    const error = errorWords(x, true);
    out.push(
      `- ${escapeMarkdown(x.forecasterName)} on **${x.signpost}**: ${escapeMarkdown(forecastWords(x))} — ` +
        `${escapeMarkdown(verdictWords(x))}${error ? `, ${escapeMarkdown(error)}` : ''}` +
        (x.publication ? ` (${markdownLink(x.publication.title, x.publication.url)})` : ''),
    );
  }
  return out;
}
