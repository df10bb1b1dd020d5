import Table from 'cli-table3';
import { plainLine } from '../../core/plain-text.js';

/**
 * A plain table: borders and colour only when `color` (a TTY without NO_COLOR). Cells are
 * one line of plain text: stored feed text never reaches the terminal as a control sequence.
 */
export function renderTable(head: string[], rows: (string | number)[][], color: boolean): string {
  const table = new Table({
    head,
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: true },
    ...(color
      ? {}
      : {
          chars: {
            top: '',
            'top-mid': '',
            'top-left': '',
            'top-right': '',
            bottom: '',
            'bottom-mid': '',
            'bottom-left': '',
            'bottom-right': '',
            left: '',
            'left-mid': '',
            mid: '',
            'mid-mid': '',
            right: '',
            'right-mid': '',
            middle: '  ',
          },
        }),
  });
  for (const row of rows) table.push(row.map((cell) => plainLine(String(cell))));
  return table.toString().replace(/^ /gm, '');
}

/** One line of plain text of at most `max` characters. */
export function truncate(text: string, max: number): string {
  const line = plainLine(text);
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
