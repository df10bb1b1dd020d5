import type { ChalkInstance } from 'chalk';
import type { Snippet } from '../../core/snippet.js';

/** A snippet with its matches in bold yellow on a colour terminal; the plain text anywhere else. */
export function renderSnippet(snippet: Snippet, chalk: ChalkInstance, color: boolean): string {
  if (!color || snippet.highlights.length === 0) return snippet.text;
  let out = '';
  let at = 0;
  for (const [start, end] of snippet.highlights) {
    out += snippet.text.slice(at, start) + chalk.bold.yellow(snippet.text.slice(start, end));
    at = end;
  }
  return out + snippet.text.slice(at);
}
