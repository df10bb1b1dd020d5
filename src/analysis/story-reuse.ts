import { DAY_MS } from '../core/durations.js';
import { groupStories, STORY_DAYS, type Story } from '../core/stories.js';
import { type AnalysisRow, type ClaimedEvent, storyAnalysis } from '../db/repos/analyses-repo.js';
import { getEvent } from '../db/repos/events-repo.js';
import type { Database } from '../db/open-database.js';
import { storyEvents } from '../db/repos/stories-repo.js';

/** What to do with a claimed event that belongs to a story. */
export type StoryPlan =
  | { kind: 'reuse'; from: AnalysisRow; story: Story; tier: string }
  /** Nobody in the story is analysed yet: send the lead's text (its best version), once. */
  | { kind: 'send'; event: ClaimedEvent; story: Story };

/**
 * A story is paid for once: an event another source also reported reuses the analysis any
 * report of the story already has (same model and prompt), and the first one analysed is
 * analysed from the lead's text. Null when the event stands alone. The stored tier stays the
 * event's own (the caller caps it by its own source's tier).
 */
export async function storyPlan(
  db: Database,
  event: ClaimedEvent,
  model: string,
  promptVersion: string,
): Promise<StoryPlan | null> {
  const at = Date.parse(event.seenAt);
  const span = STORY_DAYS * DAY_MS;
  const nearby = await storyEvents(db, new Date(at - span).toISOString(), new Date(at + span + 1).toISOString(), {
    eventId: event.eventId,
    sourceId: event.sourceId,
  });
  const story = groupStories(nearby).find((s) => [s.lead, ...s.others].some((e) => e.id === event.eventId));
  if (!story) return null;
  const mates = [story.lead, ...story.others].map((e) => e.id).filter((id) => id !== event.eventId);
  const from = await storyAnalysis(db, mates, story.lead.id, model, promptVersion);
  if (from) return { kind: 'reuse', from, story, tier: reusedTier(event.sourceTier, from, story) };
  if (story.lead.id === event.eventId) return { kind: 'send', event, story };
  const lead = await getEvent(db, story.lead.id);
  if (!lead) return { kind: 'send', event, story };
  return {
    kind: 'send',
    story,
    event: {
      ...event,
      title: lead.title,
      summary: lead.summary,
      url: lead.url,
      kind: lead.kind,
      publishedAt: lead.published_at,
    },
  };
}

/**
 * The tier of a report that reuses a story mate's analysis: its own source's, lowered where
 * the analysis judged the evidence weaker. A mate from a weaker source stored the analysis
 * capped at its own tier; when the stored tier is exactly that cap, the analysis's own
 * judgement is unknown, and the report keeps its source's tier (the lead's B is not lowered to
 * the C of a press copy that happened to be analysed first).
 */
function reusedTier(ownTier: string, from: AnalysisRow, story: Story): string {
  const mateTier = [story.lead, ...story.others].find((e) => e.id === from.event_id)?.tier ?? 'D';
  const stored = from.tier ?? mateTier;
  if (mateTier > ownTier && stored === mateTier) return ownTier;
  return stored > ownTier ? stored : ownTier;
}
