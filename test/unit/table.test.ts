import Table from 'cli-table3';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/cli/render/display-width.js';
import { renderTable } from '../../src/cli/render/table.js';

/** The table as cli-table3 drew it before renderTable replaced it: the layout users know. */
function cliTable3(head: string[], rows: (string | number)[][], color: boolean): string {
  const none = ['top', 'top-mid', 'top-left', 'top-right', 'bottom', 'bottom-mid', 'bottom-left', 'bottom-right'];
  const chars = Object.fromEntries(
    [...none, 'left', 'left-mid', 'mid', 'mid-mid', 'right', 'right-mid'].map((k) => [k, '']),
  );
  const table = new Table({
    head,
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: true },
    ...(color ? {} : { chars: { ...chars, middle: '  ' } }),
  });
  for (const row of rows) table.push(row.map((cell) => String(cell)));
  return table.toString().replace(/^ /gm, '');
}

const TABLES: [string[], (string | number)[][]][] = [
  [['id', 'title', 'n'], []],
  [
    ['id', 'title', 'n'],
    [
      [1, 'GPT-5 system card', 22],
      [333, '', 'x'],
    ],
  ],
  [
    ['source', 'title'],
    [
      ['arxiv', 'Ünïcödé accents, ½ and — dashes'],
      ['lab', 'ü (u + combining diaeresis)'],
    ],
  ],
  [
    ['source', 'title'],
    [
      ['日本', '大規模言語モデルの評価'],
      ['한국', '에이전트 벤치마크'],
      ['full', 'ＡＢＣ１２３'],
    ],
  ],
  [
    ['source', 'title'],
    [
      ['emoji', 'Launch day 🚀🎉'],
      ['flag', 'Made in 🇫🇷'],
      ['family', '👩‍👩‍👧 agents'],
      ['skin', '👍🏽 ok'],
      ['signs', '© ™ ↔ ☀ ☀️ ★ ❤ ❤️'],
      ['presentation', '✅ ⭐ ⌚ ▶'],
      ['keycap', '1️⃣ #️⃣ 2026'],
    ],
  ],
  [['a'], [['only one column'], ['x']]],
];

describe('renderTable', () => {
  for (const color of [false, true])
    it(`draws what cli-table3 drew, ${color ? 'with borders and colour' : 'plain'}`, () => {
      for (const [head, rows] of TABLES) expect(renderTable(head, rows, color)).toBe(cliTable3(head, rows, color));
    });

  it('keeps cells to one line of plain text', () => {
    // The escape character goes, the harmless rest stays (plainLine).
    expect(renderTable(['a', 'b'], [['x\ny', '\x1b[2Jz']], false)).toBe('a      b    \nx y    [2Jz ');
  });
});

describe('displayWidth', () => {
  it('counts ASCII one column, wide characters and emoji two, combining marks none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('🚀')).toBe(2);
    expect(displayWidth('🇫🇷')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
    // string-width counted the U+FE0F after an emoji that is one already as a third column.
    expect(displayWidth('⭐\uFE0F')).toBe(2);
  });
});
