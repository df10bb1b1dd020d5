import type { Source } from '../../core/types.js';

/** The file a leaderboard source reads: its ZIP member, else the URL's last path segment. */
export function tableFileName(source: Pick<Source, 'url' | 'table'>): string {
  if (source.table?.member) return source.table.member;
  try {
    return decodeURIComponent(new URL(source.url).pathname.split('/').pop() ?? '');
  } catch {
    return '';
  }
}
