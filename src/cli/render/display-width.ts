// Printable ASCII: one column per character, the case of nearly every cell.
const ASCII = /^[\x20-\x7e]*$/;
// An emoji as a terminal draws it: two columns, whatever code points it is made of. Built with
// the `v` flag (RGI_Emoji matches whole sequences, e.g. a flag or a family), which TypeScript's
// ES2022 target does not know as a literal.
const EMOJI = new RegExp('\\p{RGI_Emoji}', 'gv');

/**
 * How many terminal columns `text` takes, as string-width (cli-table3's measure) counts them:
 * East Asian wide characters and emoji two, combining marks and control characters none.
 */
export function displayWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  let width = 0;
  for (const char of text.replace(EMOJI, '  ')) {
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
