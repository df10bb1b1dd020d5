import { exported } from '../../core/module-interop.js';
import { day, type LeaderboardAdapter, num, RowLog, tableError, type TableRead } from './adapter.js';

const SHEET = 'Eval Results';
/** Excel's day 0 (serial 25569 is 1970-01-01). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * OSWorld-Verified results (os-world.github.io/static/data/osworld_verified_results.xlsx),
 * sheet "Eval Results": `Model`, `Date` (an Excel date), `Success rate` in percent. A model
 * appears once per step budget; its best row counts. Read with exceljs, never by hand.
 */
export const osworldVerified: LeaderboardAdapter = {
  id: 'osworld-verified',
  benchmark: 'OSWorld-Verified',
  board: 'osworld-verified',
  signposts: ['osworld_65', 'osworld_85'],
  scale: 1,
  unit: '%',
  binary: true,
  async read({ bytes }): Promise<TableRead> {
    // Loaded here, not at start: exceljs is large, and every command loads the adapter registry.
    const Workbook = exported<typeof import('exceljs').Workbook>(await import('exceljs'), 'Workbook');
    const workbook = new Workbook();
    try {
      await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
    } catch {
      throw tableError(this.id, 'not a readable XLSX workbook');
    }
    const sheet = workbook.getWorksheet(SHEET);
    if (!sheet)
      throw tableError(this.id, `no sheet "${SHEET}" (it has ${workbook.worksheets.map((w) => w.name).join(', ')})`);
    const header = (sheet.getRow(1).values as unknown[]).map((v) => (typeof v === 'string' ? v.trim() : ''));
    const col = (name: string) => {
      const i = header.indexOf(name);
      if (i < 1) throw tableError(this.id, `expected a column "${name}" in "${SHEET}"`);
      return i;
    };
    const [model, date, rate] = [col('Model'), col('Date'), col('Success rate')];
    const log = new RowLog();
    sheet.eachRow({ includeEmpty: false }, (row, n) => {
      if (n === 1) return;
      const cells = row.values as unknown[];
      const name = cellText(cells[model]);
      const score = num(cellValue(cells[rate]));
      if (!name) log.skip(n, 'no model name');
      else if (score === null) log.skip(n, `no success rate (${cellText(cells[rate]) || 'blank'})`);
      else log.add(name, score, excelDay(cellValue(cells[date])));
    });
    return log.result();
  },
};

/** A cell's value under its formula or rich text: what a reader sees. */
function cellValue(cell: unknown): unknown {
  if (cell && typeof cell === 'object' && !(cell instanceof Date)) {
    const c = cell as { result?: unknown; text?: unknown; richText?: { text: string }[] };
    if (c.result !== undefined) return c.result;
    if (Array.isArray(c.richText)) return c.richText.map((t) => t.text).join('');
    if (c.text !== undefined) return c.text;
  }
  return cell;
}

function cellText(cell: unknown): string {
  const v = cellValue(cell);
  return typeof v === 'string' || typeof v === 'number' ? String(v).replace(/\s+/g, ' ').trim() : '';
}

/** A Date cell, an Excel serial number (45866 = 2025-07-28) or an ISO string → YYYY-MM-DD. */
function excelDay(value: unknown): string | null {
  if (typeof value === 'number' && value > 0 && value < 2_958_466)
    return new Date(EXCEL_EPOCH_MS + Math.round(value) * 86_400_000).toISOString().slice(0, 10);
  return day(value);
}
