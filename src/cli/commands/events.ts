import { DAY_MS } from '../../core/durations.js';
import { AppError, ExitCode } from '../../core/errors.js';
import { plainDeep } from '../../core/plain-text.js';
import { type AnalysisRow, analysesOf } from '../../db/repos/analyses-repo.js';
import { getEvent, listEvents } from '../../db/repos/events-repo.js';
import { storiesSince, storyJson } from '../../ingest/stories-since.js';
import { reviewStates } from '../../db/repos/reviews-repo.js';
import { eventJson, reviewJson } from '../../ops/export-events.js';
import type { CommandContext } from '../context.js';
import { intFlag } from '../parse-flags.js';
import { renderTable, truncate } from '../render/table.js';
import { plural } from '../../core/wording.js';

export interface EventsListFlags {
  since?: string;
  source?: string;
  limit?: string;
  stories?: boolean;
}

export async function eventsListCommand(ctx: CommandContext, flags: EventsListFlags): Promise<number> {
  const since = intFlag(flags.since, '--since', 0, 100_000);
  const limit = intFlag(flags.limit, '--limit', 1, 1_000_000) ?? 50;
  if (flags.stories) return storiesList(ctx, since ?? 30, flags.source, limit);
  const db = await ctx.openDb({ mustExist: true });
  try {
    const rows = await listEvents(db, {
      sinceIso: since === undefined ? undefined : new Date(ctx.clock().getTime() - since * DAY_MS).toISOString(),
      sourceId: flags.source,
      limit,
    });
    const events = rows.map(eventJson);
    if (ctx.io.json) ctx.io.out(JSON.stringify(events));
    else if (events.length === 0) ctx.io.out('no events');
    else
      ctx.io.out(
        renderTable(
          ['id', 'published', 'source', 'kind', 'title'],
          events.map((e) => [
            e.id,
            (e.publishedAt ?? e.fetchedAt).slice(0, 10),
            e.source,
            e.kind,
            truncate(e.title, 80),
          ]),
          ctx.io.color,
        ),
      );
    return ExitCode.ok;
  } finally {
    await db.close();
  }
}

/** `events list --stories`: each story once, its lead and who else reported it, newest first. */
async function storiesList(ctx: CommandContext, sinceDays: number, source: string | undefined, limit: number) {
  const db = await ctx.openDb({ mustExist: true });
  try {
    const stories = (await storiesSince(db, ctx.clock(), sinceDays))
      .filter((s) => source === undefined || [s.lead, ...s.others].some((e) => e.sourceId === source))
      .slice(0, limit)
      .map(storyJson);
    if (ctx.io.json) ctx.io.out(JSON.stringify(plainDeep(stories)));
    else if (stories.length === 0) ctx.io.out('no stories (no news reported by more than one source)');
    else
      ctx.io.out(
        renderTable(
          ['lead', 'date', 'source', 'tier', 'title', 'also reported by'],
          stories.map((s) => [
            s.lead.id,
            s.lead.seenAt.slice(0, 10),
            truncate(s.lead.source, 24),
            s.lead.tier,
            truncate(s.lead.title, 60),
            truncate(s.alsoReportedBy.map((e) => `${e.source} (${e.tier}, #${e.id})`).join(', '), 60),
          ]),
          ctx.io.color,
        ),
      );
    return ExitCode.ok;
  } finally {
    await db.close();
  }
}

export async function eventsShowCommand(ctx: CommandContext, idText: string): Promise<number> {
  const id = intFlag(idText, 'event id', 1);
  const db = await ctx.openDb({ mustExist: true });
  try {
    const row = await getEvent(db, id as number);
    if (!row) throw new AppError('not-found', `no event with id ${idText}`);
    const e = eventJson(row);
    const analyses = (await analysesOf(db, row.id)).map(analysisJson);
    const review = reviewJson((await reviewStates(db, [row.id])).get(row.id));
    if (ctx.io.json) ctx.io.out(JSON.stringify({ ...e, analyses, review }));
    else
      ctx.io.out(
        [
          `#${e.id} ${e.title}`,
          `source:     ${e.source} (${e.kind})`,
          `url:        ${e.url}`,
          `canonical:  ${e.canonicalUrl}`,
          `published:  ${e.publishedAt ?? 'unknown'}`,
          `fetched:    ${e.fetchedAt}`,
          ...(e.authors.length ? [`authors:    ${e.authors.join(', ')}`] : []),
          ...(e.externalId ? [`arXiv:      ${e.externalId}${e.primaryCategory ? ` (${e.primaryCategory})` : ''}`] : []),
          ...(e.pdfUrl ? [`pdf:        ${e.pdfUrl}`] : []),
          `hash:       ${e.contentHash}`,
          '',
          e.summary || '(no summary)',
          ...reviewLines(review),
          ...analyses.flatMap((a) => [
            '',
            `analysis ${a.provider}/${a.model} (prompt ${a.promptVersion}): ${a.status}` +
              (a.status === 'ok'
                ? `, significance ${a.significance}, tier ${a.tier}`
                : `, ${plural(a.attempts, 'attempt')}${a.error ? `: ${a.error}` : ''}`),
            ...(a.status === 'ok'
              ? [
                  `  ${a.summary}`,
                  `  categories: ${a.categories.join(', ') || 'none'}; signposts: ` +
                    (a.signposts.map((s) => (s.value === undefined ? s.code : `${s.code}=${s.value}`)).join(', ') ||
                      'none'),
                  `  ${a.rationale}`,
                ]
              : []),
          ]),
        ].join('\n'),
      );
    return ExitCode.ok;
  } finally {
    await db.close();
  }
}

/** A reviewer's decisions outrank every analysis below them: shown first. */
function reviewLines(review: ReturnType<typeof reviewJson>): string[] {
  if (!review) return [];
  const why = (w: string | null) => (w ? `: ${w}` : '');
  const v = review.verdict;
  return [
    '',
    ...(v ? [`review: ${v.action} by ${v.by} on ${v.at.slice(0, 10)}${why(v.why)}`] : []),
    ...review.readings.map(
      (r) =>
        `review: set ${r.code}${r.value === null ? '' : `=${r.value}`} by ${r.by} on ${r.at.slice(0, 10)}${why(r.why)}`,
    ),
  ];
}

/** An analysis as shown: its texts came from an LLM that read feed text, so plain text only. */
function analysisJson(a: AnalysisRow) {
  return plainDeep({
    provider: a.provider,
    model: a.model,
    promptVersion: a.prompt_version,
    status: a.status,
    attempts: a.attempts,
    significance: a.significance,
    tier: a.tier,
    categories: JSON.parse(a.categories ?? '[]') as string[],
    signposts: JSON.parse(a.signposts ?? '[]') as { code: string; value?: number; confidence: number }[],
    summary: a.summary,
    rationale: a.rationale,
    error: a.error,
    updatedAt: a.updated_at,
  });
}
