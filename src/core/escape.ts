import { plainText } from './plain-text.js';

/**
 * Feed text is untrusted: these are the only ways it reaches Markdown or HTML output. Each
 * strips control characters and bidi overrides first (older databases may hold them).
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return plainText(text).replace(/[&<>"']/g, (c) => HTML[c] as string);
}

/** The URL when it is an absolute http(s) URL, else null: no javascript:, data: or relative links. */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/**
 * Markdown-inert text: characters that would start emphasis, code, links or raw HTML are
 * backslash-escaped, and line breaks folded, so a title cannot become markup or a link.
 */
export function escapeMarkdown(text: string): string {
  return plainText(text)
    .replace(/\s+/g, ' ')
    .replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`);
}

/** A Markdown link to an http(s) URL; anything else becomes plain escaped text. */
export function markdownLink(text: string, url: string | null | undefined): string {
  const href = safeHref(url);
  return href ? `[${escapeMarkdown(text)}](<${href.replace(/[<>\s]/g, encodeURIComponent)}>)` : escapeMarkdown(text);
}

/**
 * Slack mrkdwn text: "&", "<" and ">" become entities, as Slack asks, so feed text can
 * neither mention (<!channel>, <@U123>) nor link (<https://…|…>); control characters go.
 */
export function escapeMrkdwn(text: string): string {
  return plainText(text).replace(/[&<>]/g, (c) => HTML[c] as string);
}
