// The leader's filtered order list as a spreadsheet (.xlsx) or CSV: one row per order line.
// A spreadsheet is a thing people forward: it carries no pickup code, no pass and only the last
// four digits of a phone. Text that a spreadsheet would read as a formula is neutralised.
import type ExcelJSModule from 'exceljs';
/** exceljs takes a second or more to import: loaded by the first workbook, not by every process that starts the app. */
const loadExcel = (): Promise<typeof ExcelJSModule> => import('exceljs').then((m) => m.default);
import { translate, type Locale } from '../platform/i18n.js';
import type { LeaderOrderLine } from './leader-orders.js';

/**
 * A cell that starts with = + - @ (or a tab / carriage return, which some programs strip first)
 * is read by Excel, WPS and LibreOffice as a formula: prefix it with an apostrophe so it stays text.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** 2026-12-05 09:30 in the community's zone (sv-SE formats ISO-like). */
const zoned = (d: Date, timeZone: string) => new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);

const COLUMNS = ['orderedAt', 'groupNumber', 'groupBuy', 'product', 'spec', 'quantity', 'refunded', 'amountYuan', 'status', 'name', 'doorNumber', 'phoneTail', 'pickupPoint', 'pickupDate'] as const;

/** Header and rows of the export, in the reader's language (numbers stay numbers). */
export function exportTable(lines: LeaderOrderLine[], timeZone: string, locale: Locale): { header: string[]; rows: (string | number)[][] } {
  const t = (k: string) => translate(locale, `leaderOrders.export.${k}`);
  const header = COLUMNS.map((c) => t(c));
  const rows = lines.map((l) => [
    zoned(l.orderedAt, timeZone),
    l.groupNumber === null ? '' : l.groupNumber,
    neutraliseFormula(l.title),
    neutraliseFormula(l.productName),
    neutraliseFormula(l.spec),
    l.quantity,
    l.refundedQuantity,
    Number((l.amountFen / 100).toFixed(2)),
    translate(locale, `leaderOrders.status.${l.status}`),
    neutraliseFormula(l.displayName),
    neutraliseFormula(l.doorNumber),
    l.phoneTail ? `****${l.phoneTail}` : '',
    neutraliseFormula(l.pickupPointName),
    zoned(l.pickupStartAt, timeZone).slice(0, 10),
  ]);
  return { header, rows };
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV in UTF-8 with a byte-order mark, so Excel opens Chinese text correctly. */
export function ordersCsv(table: { header: string[]; rows: (string | number)[][] }): Buffer {
  const text = [table.header, ...table.rows].map((r) => r.map(csvCell).join(',')).join('\r\n');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\r\n`, 'utf8')]);
}

/** The same table as an .xlsx workbook: one sheet, a bold frozen header, text cells as text. */
export async function ordersWorkbook(table: { header: string[]; rows: (string | number)[][] }, locale: Locale): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Linli 邻里';
  const sheet = wb.addWorksheet(translate(locale, 'leaderOrders.export.sheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(table.header).font = { bold: true };
  for (const r of table.rows) sheet.addRow(r);
  sheet.columns.forEach((c, i) => { c.width = [18, 8, 20, 18, 14, 8, 8, 10, 10, 12, 12, 12, 14, 12][i]; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
