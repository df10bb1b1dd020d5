/**
 * The start of an untrusted body, fit to quote in an error (which lands in the database,
 * `status`, pings and webhook alerts): at most `max` characters, whitespace folded, and
 * control, format (bidi, zero-width) and separator characters removed. An answer that was
 * not a feed — an internal page, a metadata endpoint — is never quoted beyond this.
 */
export function bodyPrefix(text: string, max = 20): string {
  const clean = text
    .slice(0, max * 4)
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\s]+/gu, ' ')
    .trim();
  const chars = [...clean];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : clean;
}
