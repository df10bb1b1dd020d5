import Table from 'cli-table3';

/** A plain table: borders and colour only when `color` (a TTY without NO_COLOR). */
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
  for (const row of rows) table.push(row.map((cell) => String(cell)));
  return table.toString().replace(/^ /gm, '');
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
