import type { EvidenceTier } from '../core/types.js';
import type { DigestDocument } from './digest.js';
import { digestHeadline } from './digest-headline.js';
import { digestHtml } from './digest-html.js';
import { digestMarkdown } from './digest-markdown.js';

export interface DigestEmailFor {
  preset: string;
  minTier: EvidenceTier;
  format: 'html' | 'text';
}

export interface EmailContent {
  subject: string;
  text: string;
  /** Absent for a text-only recipient. */
  html?: string;
}

/**
 * The digest one recipient reads: their preset's index only, and only records and events of
 * their minimum tier or better ("B": A and B; "D": everything, the "if true" list included).
 * A filter of the stored document, never a second computation.
 */
export function digestFor(d: DigestDocument, preset: string, minTier: EvidenceTier): DigestDocument {
  const ok = (tier: string) => tier <= minTier;
  return {
    ...d,
    index: { ...d.index, presets: d.index.presets.filter((p) => p.name === preset) },
    series: d.series.map((s) => ({
      ...s,
      overall: preset in s.overall ? { [preset]: s.overall[preset] as number } : {},
    })),
    records: d.records.filter((r) => ok(r.tier)),
    topEvents: d.topEvents
      .map((g) => ({ ...g, events: g.events.filter((e) => ok(e.tier)) }))
      .filter((g) => g.events.length > 0),
    ifTrue: d.ifTrue.filter((e) => ok(e.tier)),
  };
}

/** Subject and body of one recipient's digest: the Markdown as text, and the self-contained HTML page. */
export function digestEmail(d: DigestDocument, to: DigestEmailFor): EmailContent {
  const mine = digestFor(d, to.preset, to.minTier);
  const subject = `AGI progress digest ${d.week}: ${digestHeadline(mine)}`;
  const text = digestMarkdown(mine);
  return to.format === 'html' ? { subject, text, html: digestHtml(mine) } : { subject, text };
}
