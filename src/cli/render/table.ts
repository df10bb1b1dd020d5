import { plainLine } from '../../core/plain-text.js';
import { displayWidth } from './display-width.js';

/**
 * A plain table: borders and colour only when `color` (a TTY without NO_COLOR). Cells are
 * one line of plain text: stored feed text never reaches the terminal as a control sequence.
 *
 * The layout is cli-table3's compact style, which this replaced (test/unit/table.test.ts
 * checks it against cli-table3): loading and running cli-table3 cost `status` and
 * `events list` a fifth of their start-up.
 */
export function renderTable(head: string[], rows: (string | number)[][], color: boolean): string {
  const cells = rows.map((row) => row.map((cell) => plainLine(String(cell))));
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...cells.map((row) => displayWidth(row[i] ?? ''))));
  const pad = (text: string, i: number) => ` ${text}${' '.repeat((widths[i] ?? 0) - displayWidth(text))} `;
  if (!color) {
    // No borders: columns two spaces apart; the first cell's left padding is dropped.
    return [head, ...cells]
      .map((row) => widths.map((_, i) => pad(row[i] ?? '', i)).join('  '))
      .map((line) => line.slice(1))
      .join('\n');
  }
  const grey = (s: string) => `\x1b[90m${s}\x1b[39m`;
  const cyan = (s: string) => `\x1b[36m${s}\x1b[39m`;
  const rule = (left: string, mid: string, right: string) =>
    widths.map((w, i) => grey(`${i === 0 ? left : mid}${'─'.repeat(w + 2)}${i === widths.length - 1 ? right : ''}`));
  const line = (row: string[], paint: (s: string) => string) =>
    grey('│') + widths.map((_, i) => paint(pad(row[i] ?? '', i))).join(grey('│')) + grey('│');
  return [
    rule('┌', '┬', '┐').join(''),
    line(head, cyan),
    ...(cells.length ? [rule('├', '┼', '┤').join('')] : []),
    ...cells.map((row) => line(row, (s) => s)),
    rule('└', '┴', '┘').join(''),
  ].join('\n');
}

/** One line of plain text of at most `max` characters. */
export function truncate(text: string, max: number): string {
  const line = plainLine(text);
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
