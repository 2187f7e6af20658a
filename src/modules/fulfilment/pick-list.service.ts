import { maskName } from '../identity/index.js';
import type ExcelJSModule from 'exceljs';
/** exceljs takes a second or more to import: loaded by the first workbook, not by every process that starts the app. */
const loadExcel = (): Promise<typeof ExcelJSModule> => import('exceljs').then((m) => m.default);
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { getCommunity, requireLeader } from '../community/index.js';
import { translate, type Locale } from '../../platform/i18n.js';
import { lineRows, unnamed, type LineRow } from './service.js';

/**
 * Lines to pack for one pickup point and pickup day: paid, not refunded, of every group buy whose
 * pickup starts that day. There is never a code, a pass or a phone: nothing a leader holds can
 * stand in for the resident at the hand-over. The pick list is the leader's own: members by their
 * name here and 门牌; bag labels sit on a shelf others pass, so they carry only the masked name.
 */
async function dayLines(db: Db, communityId: string, actor: { id: string; isOperator: boolean }, date: string) {
  if (!actor.isOperator) await requireLeader(db, communityId, actor.id);
  const community = await getCommunity(db, communityId);
  const lines = await lineRows(db, sql`l.community_id = ${communityId}
      and l.status in ('paid', 'confirmed', 'ready_for_pickup', 'picked_up', 'not_collected')
      and l.quantity - l.refunded_quantity > 0
      and to_char(gb.pickup_start_at at time zone ${community.timeZone}, 'YYYY-MM-DD') = ${date}`,
  sql`l.group_number nulls last, l.user_id, gb.title, l.group_buy_id, i.position, l.id`);
  return { community, lines };
}

const item = (l: LineRow) => ({ groupNumber: l.groupNumber, title: l.title, productName: l.productName, spec: l.spec, unit: l.unit, quantity: l.quantity, batchCode: l.batchCode, pickedUp: l.status === 'picked_up' });

/** 分拣单: what goes into each household's bag, by 跟团号, with product totals. */
export async function pickList(db: Db, communityId: string, actor: { id: string; isOperator: boolean }, date: string, locale: Locale = 'zh-CN') {
  const { community, lines } = await dayLines(db, communityId, actor, date);
  const households = new Map<string, { name: string; doorNumber: string; groupNumbers: number[]; pickedUp: boolean; items: ReturnType<typeof item>[] }>();
  const totals = new Map<string, { productName: string; spec: string; unit: string; quantity: number; batchCode: string | null }>();
  for (const l of lines) {
    const h = households.get(l.userId) ?? { name: l.userName?.trim() || unnamed(locale), doorNumber: l.doorNumber, groupNumbers: [], pickedUp: true, items: [] };
    if (l.groupNumber !== null && !h.groupNumbers.includes(l.groupNumber)) h.groupNumbers.push(l.groupNumber);
    h.pickedUp &&= l.status === 'picked_up';
    h.items.push(item(l));
    households.set(l.userId, h);
    const t = totals.get(l.itemId) ?? { productName: l.productName, spec: l.spec, unit: l.unit, quantity: 0, batchCode: l.batchCode };
    t.quantity += l.quantity;
    totals.set(l.itemId, t);
  }
  return {
    date, community: { id: community.id, name: community.name, pickupPointName: community.pickupPointName, pickupPointAddress: community.pickupPointAddress },
    residents: [...households.values()].map((h) => ({ ...h, groupNumbers: h.groupNumbers.sort((a, b) => a - b) })),
    totals: [...totals.values()],
  };
}

/** Bag labels: one per household and group buy, with 跟团号, masked name, items and batch. */
export async function bagLabels(db: Db, communityId: string, actor: { id: string; isOperator: boolean }, date: string, locale: Locale = 'zh-CN') {
  const { community, lines } = await dayLines(db, communityId, actor, date);
  const labels = new Map<string, { groupBuyId: string; title: string; groupNumbers: number[]; name: string; items: ReturnType<typeof item>[] }>();
  for (const l of lines) {
    const key = `${l.groupBuyId}:${l.userId}`;
    const label = labels.get(key) ?? { groupBuyId: l.groupBuyId, title: l.title, groupNumbers: [], name: maskName(l.userName, unnamed(locale)), items: [] };
    if (l.groupNumber !== null && !label.groupNumbers.includes(l.groupNumber)) label.groupNumbers.push(l.groupNumber);
    label.items.push(item(l));
    labels.set(key, label);
  }
  return {
    date, community: { id: community.id, name: community.name, pickupPointName: community.pickupPointName, pickupPointAddress: community.pickupPointAddress },
    labels: [...labels.values()].map((l) => ({ ...l, groupNumbers: l.groupNumbers.sort((a, b) => a - b) }))
      .sort((a, b) => a.title.localeCompare(b.title, 'zh-CN') || (a.groupNumbers[0] ?? 1e9) - (b.groupNumbers[0] ?? 1e9)),
  };
}

/** The same list as an .xlsx workbook: one row per item of each household, one sheet of product totals. */
export async function pickListWorkbook(list: Awaited<ReturnType<typeof pickList>>, locale: Locale): Promise<Buffer> {
  const t = (k: string) => translate(locale, `picklist.${k}`);
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Linli 邻里';
  const sheet = wb.addWorksheet(t('sheet'));
  sheet.addRow([`${list.community.name} · ${list.community.pickupPointName}`, '', '', '', list.date]).font = { bold: true, size: 14 };
  sheet.addRow([]);
  const header = sheet.addRow([t('groupNumber'), t('resident'), t('doorNumber'), t('groupBuy'), t('product'), t('spec'), t('quantity'), t('batch'), t('done')]);
  header.font = { bold: true };
  for (const r of list.residents) {
    r.items.forEach((it, j) => {
      sheet.addRow([j === 0 ? r.groupNumbers.map((n) => `#${n}`).join(' ') : '', j === 0 ? r.name : '', j === 0 ? r.doorNumber : '', it.title, it.productName, it.spec, `${it.quantity} ${it.unit}`, it.batchCode ?? '', j === 0 && r.pickedUp ? '✓' : '']);
    });
  }
  sheet.columns.forEach((c, i) => { c.width = [12, 10, 16, 20, 18, 18, 10, 20, 8][i]; });
  const totals = wb.addWorksheet(t('totals'));
  totals.addRow([t('product'), t('spec'), t('quantity'), t('batch')]).font = { bold: true };
  for (const x of list.totals) totals.addRow([x.productName, x.spec, `${x.quantity} ${x.unit}`, x.batchCode ?? '']);
  totals.columns.forEach((c) => { c.width = 20; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
