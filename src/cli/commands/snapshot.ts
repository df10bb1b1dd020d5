import { ExitCode, AppError } from '../../core/errors.js';
import { plainDeep } from '../../core/plain-text.js';
import { type ExplainedForecasts, explainSnapshot, snapshotJob } from '../../jobs/snapshot.js';
import { courseWords, errorWords, forecastWords, verdictWords } from '../../reports/forecast-wording.js';
import type { Explanation, SnapshotDocument } from '../../reports/snapshot.js';
import { CATEGORIES } from '../../signposts/catalogue.js';
import { type CommandContext, jobContextOf } from '../context.js';
import { intFlag } from '../parse-flags.js';
import { signed } from '../../reports/format.js';
import { gauge, sparkline } from '../render/gauge.js';
import { renderTable, truncate } from '../render/table.js';
import { plural, withUnit } from '../../core/wording.js';

export interface SnapshotFlags {
  date?: string;
  preset?: string;
  history?: string;
  explain?: string;
}

/**
 * The index of a date (default today, UTC), computed and stored by the snapshot job, then
 * shown; `--explain <code>` lists the observations behind one signpost instead.
 */
export async function snapshotCommand(ctx: CommandContext, flags: SnapshotFlags): Promise<number> {
  const { config } = ctx.loaded;
  const history = intFlag(flags.history, '--history', 1, 3650) ?? 0;
  const preset = flags.preset ?? 'all';
  if (preset !== 'all' && !(preset in config.presets))
    throw new AppError(
      'usage',
      `--preset must be all or one of ${Object.keys(config.presets).join(', ')} (got "${preset}")`,
    );
  if (flags.explain !== undefined) {
    const { date, forecasts, ...explanation } = await explainSnapshot(jobContextOf(ctx), {
      date: flags.date,
      code: flags.explain,
    });
    ctx.io.out(
      ctx.io.json
        ? JSON.stringify(plainDeep({ date, ...explanation, forecasts }))
        : [renderExplanation(date, explanation, ctx.io.color), ...renderForecasts(forecasts, ctx.io.color)].join('\n'),
    );
    return ExitCode.ok;
  }
  const { result: doc } = await snapshotJob(jobContextOf(ctx), { date: flags.date, history });
  const shown = preset === 'all' ? doc : { ...doc, presets: doc.presets.filter((p) => p.name === preset) };
  ctx.io.out(ctx.io.json ? JSON.stringify(plainDeep(shown)) : renderSnapshot(shown, ctx.io.color));
  return ExitCode.ok;
}

function renderSnapshot(doc: SnapshotDocument, color: boolean): string {
  const lines = [`AGI index for ${doc.date} (UTC; evidence dated up to this day)`, ''];
  for (const c of CATEGORIES) {
    const s = doc.categories[c];
    const evidence = `${s.withEvidence}/${plural(s.counted, 'signpost')} with evidence, ${s.tierA} tier A`;
    lines.push(
      `${c.padEnd(13)} ${gauge(s.score, s.band)} ${s.score.toFixed(3)}  ` +
        `band ${s.band[0].toFixed(2)}–${s.band[1].toFixed(2)}  (${evidence})`,
    );
  }
  lines.push(
    '',
    renderTable(
      ['preset', 'overall', 'capability', 'safety margin', '7 days', '30 days'],
      doc.presets.map((p) => [
        p.name + (p.news ? ' *' : ''),
        p.overall.toFixed(3),
        p.capability.toFixed(3),
        signed(p.safetyMargin),
        signed(p.movement.days7),
        signed(p.movement.days30),
      ]),
      color,
    ),
  );
  if (doc.presets.some((p) => p.news)) lines.push('* moved 0.02 or more in 7 days');
  if (doc.history.length) {
    lines.push('', `last ${plural(doc.history.length, 'day')} (${doc.history[0]?.date} → ${doc.date}):`);
    for (const p of doc.presets) {
      const series = doc.history.map((h) => h.overall[p.name] ?? null);
      lines.push(
        `  ${p.name.padEnd(14)} ${sparkline(series)}  ${series.map((v) => v?.toFixed(3) ?? 'n/a').slice(-1)[0]}`,
      );
    }
  }
  const valued = doc.signposts.filter((s) => s.value !== null);
  lines.push(
    '',
    renderTable(
      ['signpost', 'value', 'progress', 'tier', 'date', ''],
      valued.map((s) => [
        s.code,
        withUnit(s.value as number, s.unit),
        s.progress.toFixed(2),
        s.evidence?.tier ?? '',
        s.evidence?.date ?? '',
        [s.provisional ? 'provisional' : '', s.monitorOnly ? 'monitor-only' : ''].filter(Boolean).join(', '),
      ]),
      color,
    ),
  );
  const unmoved = doc.signposts.length - valued.length;
  const ifTrue = doc.signposts.reduce((n, s) => n + s.ifTrue.length, 0);
  lines.push(
    `${plural(valued.length, 'signpost')} with a value, ${unmoved} without; ` +
      `${plural(ifTrue, 'C/D reading')} listed as "if true" (see --json or --explain)`,
  );
  const a = doc.activity;
  lines.push(`that day: ${plural(a.events, 'event')}, ${a.analyzed} analyzed, $${a.spendUsd.toFixed(4)} LLM spend`);
  const counts = (m: Record<string, number>) =>
    Object.entries(m)
      .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  if (a.events > 0)
    lines.push(
      `  by tier: ${counts(a.byTier)}`,
      `  by category: ${counts(a.byCategory)}`,
      `  by source: ${counts(a.bySource)}`,
    );
  return lines.join('\n');
}

function renderExplanation(date: string, e: Explanation, color: boolean): string {
  const s = e.signpost;
  const head =
    `${s.code} — ${s.name} (${s.category}${s.monitorOnly ? ', monitor-only' : ''}): ` +
    `baseline ${withUnit(s.baseline, s.unit)}, target ${s.direction} ${withUnit(s.target, s.unit)}`;
  const now =
    s.value === null
      ? `on ${date}: no A/B observation with a value yet (progress 0)`
      : `on ${date}: ${withUnit(s.value, s.unit)}, progress ${s.progress.toFixed(3)}` +
        (s.provisional ? ', provisional (B evidence, no A within 14 days)' : '');
  const caveats = e.caveats.map((c) => {
    const above = `${plural(c.readingsAbove, 'reading')} here above ${withUnit(c.above, s.unit)}`;
    return `caveat: ${c.text} (${above}; ${c.sources.join(', ')})`;
  });
  if (e.observations.length === 0) return `${head}\n${now}\nno observations up to ${date}`;
  const rows = e.observations.map((o) => [
    o.withdrawn ? o.withdrawn.verdict : o.origin === 'review' ? `${o.role} (reviewed)` : o.role,
    o.value ?? '',
    o.tier,
    o.date,
    o.eventId ?? '',
    o.sourceId,
    truncate(o.title ?? '', 60),
  ]);
  // Why a reviewer took a reading out, or set one: said in full under the table.
  const notes = e.observations.flatMap((o) => {
    const r = o.withdrawn ?? (o.review ? { verdict: 'set', ...o.review } : null);
    if (!r) return [];
    return [`event ${o.eventId}: ${r.verdict} by ${r.by} on ${r.at.slice(0, 10)}${r.why ? `: ${r.why}` : ''}`];
  });
  const table = renderTable(['role', 'value', 'tier', 'date', 'event', 'source', 'title'], rows, color);
  const noteLines = notes.length ? ['', ...new Set(notes.map((n) => truncate(n, 200)))] : [];
  return [head, now, ...caveats, '', table, ...noteLines].join('\n');
}

/** The signpost's forecasts beside its evidence: nothing when it has none. */
function renderForecasts(f: ExplainedForecasts, color: boolean): string[] {
  if (f.forecasts.length === 0) return [];
  const rows = f.forecasts.map((x) => [x.forecaster, forecastWords(x), verdictWords(x), errorWords(x)]);
  return [
    '',
    `forecasts (${f.course ? courseWords(f.course) : 'no course'}):`,
    renderTable(['forecaster', 'forecast', 'ahead/behind', 'error'], rows, color),
  ];
}
