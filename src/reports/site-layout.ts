import { escapeHtml } from '../core/escape.js';
import { htmlPage } from './digest-html.js';
import { ARCHIVE_PATH, FEED_FORMATS, FEED_KINDS, feedPath, HOME_PATH } from './publish-paths.js';

const FORMAT_NAMES = { atom: 'Atom', rss: 'RSS', json: 'JSON' };
const FORMAT_TYPES = { atom: 'application/atom+xml', rss: 'application/rss+xml', json: 'application/feed+json' };

// Beside the digest's own style: the navigation, the footer and the tier dots.
const SITE_STYLE = `<style>
nav,footer{display:flex;flex-wrap:wrap;gap:.3em 1em;padding:.4em 0;border-bottom:1px solid #ddd}
footer{border-top:1px solid #ddd;border-bottom:0;margin-top:2em;font-size:13px;color:#555}
svg.dot{width:10px;height:10px}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}dd{margin:0}
ul.readings li{margin-bottom:.5em}th,td.wrap{white-space:normal;overflow-wrap:normal}td.wrap{min-width:12em}</style>`;

/**
 * A page of the site: the shared look, navigation and feed links around a body of escaped
 * HTML. `root` is the way back to the site's root from the page ("" or "../"): every link
 * is relative, so the site works from any sub-path (https://user.github.io/repo/).
 */
export function sitePage(title: string, root: string, body: string): string {
  const a = (path: string, text: string) => `<a href="${escapeHtml(root + path)}">${escapeHtml(text)}</a>`;
  const alternate = FEED_KINDS.map(
    (kind) =>
      `<link rel="alternate" type="${FORMAT_TYPES.atom}" title="AGI progress: ${kind}" ` +
      `href="${escapeHtml(root + feedPath(kind, 'atom'))}">`,
  ).join('');
  const links = [a(HOME_PATH, 'AGI progress'), a(ARCHIVE_PATH, 'Digests'), a(feedPath('digests', 'atom'), 'Feed')];
  const nav = `<nav>${links.join('')}</nav>`;
  const feeds = FEED_KINDS.map(
    (kind) => `<span>${kind}: ${FEED_FORMATS.map((f) => a(feedPath(kind, f), FORMAT_NAMES[f])).join(' · ')}</span>`,
  ).join('');
  const footer = `<footer><span>Feeds</span>${feeds}</footer>`;
  return htmlPage(title, `${nav}\n${body}\n${footer}`, `${alternate}${SITE_STYLE}`);
}
