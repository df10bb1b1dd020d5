// Printable ASCII: one column per character, the case of nearly every cell.
const ASCII = /^[\x20-\x7e]*$/;
// Where an emoji may be: the symbol blocks of the BMP that hold pictographs, the emoji blocks of
// plane 1 (U+1F000–U+1FAFF) or a keycap. A cheap test, so that the costly one below runs only
// on text that may hold an emoji (accents, dashes, curly quotes and CJK text do not).
const MAYBE_EMOJI = new RegExp(
  [
    /[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf\u2934\u2935]/.source,
    /[\u2b05-\u2b55\u3030\u303d\u3297\u3299\u{1f000}-\u{1faff}]/u.source,
    /\u20e3/.source,
  ].join('|'),
  'u',
);
// An emoji drawn as a picture takes two columns whatever code points make it: a flag (two
// regional indicators), a keycap, or a pictograph in emoji style (by default or by U+FE0F)
// with its skin tone and any pictographs joined to it. One in text style (©, ™, ↔, ❤ without
// U+FE0F) takes one. The first use compiles Unicode property tables (~10 ms): never for ASCII.
const EMOJI = new RegExp(
  [
    /\p{Regional_Indicator}{2}/u.source,
    /[#*0-9]\uFE0F?\u20E3/u.source,
    /(?:\p{Emoji_Presentation}\uFE0F?|\p{Extended_Pictographic}\uFE0F)/u.source +
      /(?:\p{Emoji_Modifier}|\u200D\p{Extended_Pictographic}\uFE0F?)*/u.source,
  ].join('|'),
  'gu',
);

/**
 * How many terminal columns `text` takes, as string-width (cli-table3's measure) counts them:
 * East Asian wide characters and emoji two, combining marks and control characters none.
 */
export function displayWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  let width = 0;
  for (const char of MAYBE_EMOJI.test(text) ? text.replace(EMOJI, '  ') : text) {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) continue;
    if (code >= 0x300 && code <= 0x36f) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

/** East Asian Wide and Fullwidth ranges (the list string-width's is-fullwidth-code-point uses). */
function isWide(code: number): boolean {
  return (
    code >= 0x1100 &&
    (code <= 0x115f ||
      code === 0x2329 ||
      code === 0x232a ||
      (code >= 0x2e80 && code <= 0x3247 && code !== 0x303f) ||
      (code >= 0x3250 && code <= 0x4dbf) ||
      (code >= 0x4e00 && code <= 0xa4c6) ||
      (code >= 0xa960 && code <= 0xa97c) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe10 && code <= 0xfe19) ||
      (code >= 0xfe30 && code <= 0xfe6b) ||
      (code >= 0xff01 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x1b000 && code <= 0x1b001) ||
      (code >= 0x1f200 && code <= 0x1f251) ||
      (code >= 0x20000 && code <= 0x3fffd))
  );
}
