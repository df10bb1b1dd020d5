/** How far into a page a `<meta>` charset is looked for (miniflux reads past the spec's 1024 bytes too). */
const SNIFF_BYTES = 64 * 1024;
/** `<meta charset="x">` and `<meta http-equiv="Content-Type" content="text/html; charset=x">` alike. */
const META_CHARSET = /<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)/i;

/**
 * The content type to decode a page by: the HTTP one when it names a charset (it wins, as in
 * browsers), else one carrying the page's own `<meta>` charset, else the HTTP one as it is.
 * A byte-order mark still wins over both (decodeFeed looks at it first).
 */
export function pageContentType(bytes: Uint8Array, contentType: string | null): string | null {
  if (contentType && /charset\s*=/i.test(contentType)) return contentType;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, SNIFF_BYTES));
  const declared = META_CHARSET.exec(head.toString('latin1'))?.[1];
  return declared ? `text/html; charset=${declared}` : contentType;
}
