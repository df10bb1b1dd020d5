/**
 * Feed dates → a Date, or null. ISO 8601 and English RFC 822 are what Date.parse reads;
 * real feeds also write RFC 822 in their own language ("Seg, 24 Set 2018 19:42:40 -0300",
 * "lun., 3 déc. 2018 10:00:00 +0100"): those month names are read through the table below.
 */

// Month name prefixes (accents removed, lower case) → month index, from the languages feeds
// were seen in: Portuguese, Spanish, French, German, Italian, Dutch, Scandinavian, Polish-free.
const MONTH_PREFIXES: Record<string, number> = {};
const LANGUAGES = [
  'jan feb mar apr may jun jul aug sep oct nov dec', // English
  'jan fev mar abr mai jun jul ago set out nov dez', // Portuguese
  'ene feb mar abr may jun jul ago sep oct nov dic', // Spanish
  'janv fevr mars avr mai juin juil aout sept oct nov dec', // French
  'jan feb marz apr mai jun jul aug sep okt nov dez', // German (März → marz)
  'gen feb mar apr mag giu lug ago set ott nov dic', // Italian
  'jan feb mrt apr mei jun jul aug sep okt nov dec', // Dutch
  'jan feb mar apr maj jun jul aug sep okt nov dec', // Swedish, Danish, Norwegian
];
for (const line of LANGUAGES) line.split(' ').forEach((name, month) => (MONTH_PREFIXES[name] ??= month));
const ENGLISH = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// "[weekday[.],] day month[.] year rest": the weekday is ignored, as RFC 822 allows.
const RFC822 = /^\s*(?:[^\d\s,]+\.?,?\s+)?(\d{1,2})\.?\s+([^\d\s.,]+)\.?,?\s+(\d{2,4})\b(.*)$/u;

export function parseFeedDate(text: string | undefined | null): Date | null {
  const value = text?.trim();
  if (!value) return null;
  const ms = Date.parse(value);
  if (!Number.isNaN(ms)) return new Date(ms);
  const m = value.match(RFC822);
  if (!m) return null;
  const [, day, name = '', year, rest = ''] = m;
  const month = monthOf(name);
  if (month === null) return null;
  const retry = Date.parse(`${day} ${ENGLISH[month]} ${year}${rest}`);
  return Number.isNaN(retry) ? null : new Date(retry);
}

function monthOf(name: string): number | null {
  const key = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  for (const length of [5, 4, 3]) {
    const month = MONTH_PREFIXES[key.slice(0, length)];
    if (month !== undefined && key.length >= length) return month;
  }
  return null;
}
