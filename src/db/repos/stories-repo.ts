import { sql } from 'kysely';
import type { StoryEvent } from '../../core/stories.js';
import type { Database } from '../database.js';
import { SEEN_AT } from './current-analysis.js';

/**
 * The events dated in [fromIso, toIso) as story grouping reads them, with their source's tier
 * (D when unknown). With `around`, only that event and those of other sources (its possible
 * story mates: a one-source record reads one row).
 */
export async function storyEvents(
  handle: Database,
  fromIso: string,
  toIso: string,
  around?: { eventId: number; sourceId: string },
): Promise<StoryEvent[]> {
  const rows = await handle.db
    .selectFrom('events as e')
    .leftJoin('sources as s', 's.id', 'e.source_id')
    .select([
      'e.id',
      'e.title',
      'e.source_id',
      'e.url',
      SEEN_AT.as('seen_at'),
      sql<string>`coalesce(s.tier, 'D')`.as('tier'),
    ])
    .where(SEEN_AT, '>=', fromIso)
    .where(SEEN_AT, '<', toIso)
    .$if(around !== undefined, (q) =>
      q.where((eb) => eb.or([eb('e.source_id', '!=', around?.sourceId ?? ''), eb('e.id', '=', around?.eventId ?? 0)])),
    )
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    title: r.title,
    sourceId: r.source_id,
    tier: r.tier,
    seenAt: r.seen_at,
    url: r.url,
  }));
}
