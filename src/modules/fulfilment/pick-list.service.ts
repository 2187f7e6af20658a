import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { getCommunity, requireLeader } from '../community/service.js';
import { maskPhone } from '../identity/service.js';
import { translate, type Locale } from '../../shared/i18n.js';

/**
 * 分拣单: for one pickup point and delivery day, what to put in each resident's bag. Orders of
 * every group buy picked up on that day, short-delivery refunds already taken off.
 */
export async function pickList(db: Db, communityId: string, actor: { id: string; isOperator: boolean }, date: string) {
  if (!actor.isOperator) await requireLeader(db, communityId, actor.id);
  const community = await getCommunity(db, communityId);
  const res = (await db.execute(sql`
    select o.id, o.user_id as "userId", u.name, u.phone, o.pickup_code as "pickupCode", o.status,
      o.quantity - o.refunded_quantity as quantity, p.name as "productName", p.spec, p.unit, gb.id as "groupBuyId", b.code as "batchCode"
    from orders o
      join group_buys gb on gb.id = o.group_buy_id
      join products p on p.id = gb.product_id
      join users u on u.id = o.user_id
      left join batches b on b.id = gb.batch_id
    where o.community_id = ${communityId}
      and o.status in ('confirmed', 'ready_for_pickup', 'picked_up')
      and o.quantity - o.refunded_quantity > 0
      and to_char(gb.pickup_start_at at time zone ${community.timeZone}, 'YYYY-MM-DD') = ${date}
    order by u.name, u.id, p.name`)) as unknown as { rows: { id: string; userId: string; name: string; phone: string; pickupCode: string; status: string; quantity: number; productName: string; spec: string; unit: string; groupBuyId: string; batchCode: string | null }[] };
  const residents = new Map<string, { name: string; phoneMasked: string; pickupCodes: string[]; pickedUp: boolean; items: { productName: string; spec: string; unit: string; quantity: number; batchCode: string | null }[] }>();
  const totals = new Map<string, { productName: string; spec: string; unit: string; quantity: number; batchCode: string | null }>();
  for (const r of res.rows) {
    const entry = residents.get(r.userId) ?? { name: r.name || maskPhone(r.phone), phoneMasked: maskPhone(r.phone), pickupCodes: [], pickedUp: true, items: [] };
    entry.pickupCodes.push(r.pickupCode);
    entry.pickedUp &&= r.status === 'picked_up';
    entry.items.push({ productName: r.productName, spec: r.spec, unit: r.unit, quantity: r.quantity, batchCode: r.batchCode });
    residents.set(r.userId, entry);
    const key = `${r.groupBuyId}`;
    const t = totals.get(key) ?? { productName: r.productName, spec: r.spec, unit: r.unit, quantity: 0, batchCode: r.batchCode };
    t.quantity += r.quantity;
    totals.set(key, t);
  }
  return {
    date, community: { id: community.id, name: community.name, pickupPointName: community.pickupPointName, pickupPointAddress: community.pickupPointAddress },
    residents: [...residents.values()], totals: [...totals.values()],
  };
}

/** The same list as an .xlsx workbook: one sheet per resident row, one with product totals. */
export async function pickListWorkbook(list: Awaited<ReturnType<typeof pickList>>, locale: Locale): Promise<Buffer> {
  const t = (k: string) => translate(locale, `picklist.${k}`);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Linli 邻里';
  const sheet = wb.addWorksheet(t('sheet'));
  sheet.addRow([`${list.community.name} · ${list.community.pickupPointName}`, '', '', '', list.date]).font = { bold: true, size: 14 };
  sheet.addRow([]);
  const header = sheet.addRow([t('no'), t('resident'), t('phone'), t('pickupCode'), t('product'), t('spec'), t('quantity'), t('batch'), t('done')]);
  header.font = { bold: true };
  list.residents.forEach((r, i) => {
    r.items.forEach((item, j) => {
      sheet.addRow([j === 0 ? i + 1 : '', j === 0 ? r.name : '', j === 0 ? r.phoneMasked : '', j === 0 ? r.pickupCodes.join(' / ') : '', item.productName, item.spec, `${item.quantity} ${item.unit}`, item.batchCode ?? '', j === 0 && r.pickedUp ? '✓' : '']);
    });
  });
  sheet.columns.forEach((c, i) => { c.width = [6, 14, 14, 20, 18, 18, 10, 20, 8][i]; });
  const totals = wb.addWorksheet(t('totals'));
  totals.addRow([t('product'), t('spec'), t('quantity'), t('batch')]).font = { bold: true };
  for (const x of list.totals) totals.addRow([x.productName, x.spec, `${x.quantity} ${x.unit}`, x.batchCode ?? '']);
  totals.columns.forEach((c) => { c.width = 20; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
