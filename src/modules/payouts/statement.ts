// The statement a leader downloads: every settlement, deduction and payout of a period, in his
// community's time zone, as .xlsx or CSV. It names orders by a short reference only — no resident
// names, phones or credentials.
import type ExcelJSModule from 'exceljs';
/** exceljs takes a second or more to import: loaded by the first workbook, not by every process that starts the app. */
const loadExcel = (): Promise<typeof ExcelJSModule> => import('exceljs').then((m) => m.default);
import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { translate, type Locale } from '../../platform/i18n.js';
import { payouts } from './schema.js';
import { deductionRows, earningsSummary, settlementRows } from './earnings.service.js';
import { periodRange, type Period } from './period.js';

export interface StatementInput { leaderId: string; communityId: string; communityName: string; leaderName: string; timeZone: string; period: Period; date: string }

const yuan = (fen: number) => (fen / 100).toFixed(2);
const when = (at: Date | string, timeZone: string) => new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(at));
const ref = (id: string) => id.slice(0, 8).toUpperCase();

/** The statement's lines (header first), the same for both formats. */
export async function statementRows(db: Db, input: StatementInput, locale: Locale) {
  const t = (k: string) => translate(locale, `earnings.statement.${k}`);
  const range = periodRange(input.period, input.date, input.timeZone);
  const [summary, settled, deducted, paid] = await Promise.all([
    earningsSummary(db, input.leaderId, input.communityId, range),
    settlementRows(db, input.leaderId, input.communityId, range),
    deductionRows(db, input.leaderId, input.communityId, range),
    db.select().from(payouts).where(and(eq(payouts.leaderId, input.leaderId), eq(payouts.communityId, input.communityId), gte(payouts.createdAt, range.from), lt(payouts.createdAt, range.to))).orderBy(asc(payouts.createdAt)),
  ]);
  const title = `${input.communityName} · ${input.leaderName} · ${range.firstDate}${range.lastDate !== range.firstDate ? ` – ${range.lastDate}` : ''}`;
  const header = [t('time'), t('kind'), t('reference'), t('tier'), t('rate'), t('sales'), t('commission'), t('deduction'), t('payout'), t('status')];
  const lines: (string | number)[][] = [];
  for (const s of settled) {
    lines.push([when(s.createdAt, input.timeZone), t(`reason.${s.reason}`), ref(s.orderId), s.tier ? translate(locale, `earnings.tier.${s.tier}`, { defaultValue: s.tier }) : '', s.commissionRate === null ? '' : `${(Number(s.commissionRate) * 100).toFixed(1)}%`, yuan(s.amountFen), yuan(s.commissionFen), '', '', '']);
  }
  for (const d of deducted) lines.push([when(d.resolvedAt, input.timeZone), t('deductionKind'), `${ref(d.orderId)} ${d.productName}`, '', '', '', '', yuan(d.amountFen), '', '']);
  for (const p of paid) lines.push([when(p.createdAt, input.timeZone), t('payoutKind'), ref(p.id), '', '', '', '', '', yuan(p.amountFen), translate(locale, `earnings.payoutStatus.${p.status}`)]);
  lines.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const totals = [t('total'), '', '', '', '', yuan(summary.salesFen), yuan(summary.commissionFen), yuan(summary.deductionsFen), yuan(paid.filter((p) => p.status !== 'rejected' && p.status !== 'failed').reduce((s, p) => s + p.amountFen, 0)), `${t('net')} ${yuan(summary.netFen)}`];
  return { title, header, lines, totals, fileName: `${t('file')}-${input.communityName}-${range.firstDate}` };
}

export async function statementWorkbook(s: Awaited<ReturnType<typeof statementRows>>): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Linli 邻里';
  const sheet = wb.addWorksheet('Statement');
  sheet.addRow([s.title]).font = { bold: true, size: 14 };
  sheet.addRow([]);
  sheet.addRow(s.header).font = { bold: true };
  for (const l of s.lines) sheet.addRow(l);
  sheet.addRow(s.totals).font = { bold: true };
  sheet.columns.forEach((c, i) => { c.width = [18, 12, 22, 10, 8, 12, 12, 12, 12, 14][i]; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvCell = (v: string | number) => {
  let s = String(v);
  // A cell starting with = + - @ would run as a formula in a spreadsheet.
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV with a UTF-8 byte-order mark so that Excel opens the Chinese text correctly. */
export function statementCsv(s: Awaited<ReturnType<typeof statementRows>>): string {
  return `\ufeff${[[s.title], s.header, ...s.lines, s.totals].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
