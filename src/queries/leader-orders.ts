// The leader's list of his community's orders: filters, search, counts, and what he prints and
// exports from it. Read-only joins over orders, group buys, products, memberships and pickup points.
// What a leader sees of a neighbour: her display name and 门牌 (memberships), the last four digits
// of her phone. Never a pickup code, a pass or a whole phone number: nothing here can stand in for
// her at the hand-over.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { badRequest } from '../platform/errors.js';
import { translate, type Locale } from '../platform/i18n.js';
import { getCommunity, requireLeader } from '../modules/community/index.js';
import { maskName } from '../modules/identity/index.js';
import { lineStatuses } from '../modules/orders/index.js';

export type LineStatus = (typeof lineStatuses)[number];

export const LEADER_ORDER_PAGE_MAX = 100;
/** An export or a print run covers at most this many lines (a busy community's week). */
export const LEADER_ORDER_EXPORT_MAX = 20_000;

export interface LeaderOrderFilter {
  groupBuyId?: string;
  status?: LineStatus;
  groupNumber?: number;
  /** Part of her display name. */
  name?: string;
  /** Ordered on or after / on or before these calendar days, in the community's time zone. */
  from?: string;
  to?: string;
  /** Collected on this calendar day (the group buy's pickup window starts that day). */
  pickupDate?: string;
  pickupPointId?: string;
  /** Goods at the pickup point whose window has ended, not picked up (or already marked not collected). */
  notCollected?: boolean;
  /** Free text over display name, 门牌, 跟团号 and product name. */
  q?: string;
  /** Only these orders (the leader's selection). */
  orderIds?: string[];
}

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The FROM clause every read here shares: a line with its order, group buy, product, member and pickup point. */
const FROM = sql`
  from order_lines l
    join orders o on o.id = l.order_id
    join group_buys gb on gb.id = l.group_buy_id
    join group_buy_items i on i.id = l.item_id
    join products p on p.id = i.product_id
    join users u on u.id = l.user_id
    left join memberships m on m.community_id = l.community_id and m.user_id = l.user_id
    left join lateral (select fp.id from pickup_points fp where fp.community_id = o.community_id order by fp.position, fp.created_at limit 1) first_point on true
    left join pickup_points pp on pp.id = coalesce(o.pickup_point_id, first_point.id)`;

/** The WHERE condition of a filter (validated here: a bad value is a clear 400, not an empty list). */
export function filterCondition(communityId: string, f: LeaderOrderFilter, timeZone: string, now: Date): SQL {
  const parts: SQL[] = [sql`l.community_id = ${communityId}`];
  if (f.groupBuyId) parts.push(sql`l.group_buy_id = ${f.groupBuyId}`);
  if (f.status) {
    if (!lineStatuses.includes(f.status)) throw badRequest('leader_orders.status_invalid');
    parts.push(sql`l.status = ${f.status}`);
  }
  if (f.groupNumber !== undefined) parts.push(sql`l.group_number = ${f.groupNumber}`);
  if (f.name?.trim()) parts.push(sql`m.display_name ilike ${like(f.name.trim())}`);
  if (f.from && f.to && f.from > f.to) throw badRequest('leader_orders.range_invalid');
  if (f.from) parts.push(sql`(o.created_at at time zone ${timeZone})::date >= ${f.from}::date`);
  if (f.to) parts.push(sql`(o.created_at at time zone ${timeZone})::date <= ${f.to}::date`);
  if (f.pickupDate) parts.push(sql`(gb.pickup_start_at at time zone ${timeZone})::date = ${f.pickupDate}::date`);
  if (f.pickupPointId) parts.push(sql`pp.id = ${f.pickupPointId}`);
  if (f.notCollected) parts.push(sql`(l.status = 'not_collected' or (l.status = 'ready_for_pickup' and gb.pickup_end_at < ${now}))`);
  const q = f.q?.trim();
  if (q) {
    const number = /^#?\s*(\d{1,9})$/.exec(q)?.[1];
    parts.push(sql`(m.display_name ilike ${like(q)} or m.door_number ilike ${like(q)} or p.name ilike ${like(q)}${number ? sql` or l.group_number = ${Number(number)}` : sql``})`);
  }
  if (f.orderIds) parts.push(f.orderIds.length ? sql`l.order_id in ${f.orderIds}` : sql`false`);
  return sql.join(parts, sql` and `);
}

/** Money a line still holds (its total less what was refunded) and the units still owed. */
const NET_UNITS = sql`(l.quantity - l.refunded_quantity)`;
const NET_FEN = sql`(l.total_fen - l.refunded_quantity * l.unit_price_fen)`;
/** Lines that count in totals: paid for and not cancelled. */
const COUNTS = sql`l.status not in ('pending_payment', 'cancelled')`;

export interface LeaderOrderLine {
  lineId: string; orderId: string; groupBuyId: string; title: string; groupNumber: number | null;
  productName: string; spec: string; unit: string; quantity: number; refundedQuantity: number; amountFen: number;
  status: LineStatus; orderedAt: Date; pickupStartAt: Date; pickupEndAt: Date; pickupPointId: string | null; pickupPointName: string;
  userId: string; displayName: string; doorNumber: string; phoneTail: string;
}

async function lines(db: Db, where: SQL, extra: SQL = sql``, locale: Locale = 'zh-CN'): Promise<LeaderOrderLine[]> {
  const res = (await db.execute(sql`
    select l.id as "lineId", l.order_id as "orderId", l.group_buy_id as "groupBuyId", gb.title, l.group_number as "groupNumber",
      p.name as "productName", p.spec, p.unit, l.quantity, l.refunded_quantity as "refundedQuantity", ${NET_FEN}::int as "amountFen",
      l.status, o.created_at as "orderedAt", gb.pickup_start_at as "pickupStartAt", gb.pickup_end_at as "pickupEndAt",
      pp.id as "pickupPointId", coalesce(pp.name, '') as "pickupPointName",
      l.user_id as "userId", coalesce(m.display_name, '') as "displayName", u.name as "userName", coalesce(m.door_number, '') as "doorNumber",
      right(u.phone, 4) as "phoneTail"
    ${FROM}
    where ${where} ${extra}
    order by o.created_at desc, o.id desc, gb.pickup_start_at, l.group_number nulls last, i.position, l.id
    limit ${LEADER_ORDER_EXPORT_MAX}`)) as unknown as { rows: (LeaderOrderLine & { userName: string })[] };
  return res.rows.map(({ userName, ...r }) => ({
    ...r,
    // A member who gave no display name shows as the masked account name (李**), as in other lists.
    displayName: r.displayName.trim() || maskName(userName, translate(locale, 'people.unnamed')),
    orderedAt: new Date(r.orderedAt), pickupStartAt: new Date(r.pickupStartAt), pickupEndAt: new Date(r.pickupEndAt),
  }));
}

/**
 * One page of the leader's orders (newest first), each with the lines that match the filter, and
 * counts and totals over everything the filter matches.
 */
export async function leaderOrders(db: Db, communityId: string, leaderId: string, filter: LeaderOrderFilter, page: { page: number; pageSize: number }, now: Date, locale: Locale) {
  await requireLeader(db, communityId, leaderId);
  const community = await getCommunity(db, communityId);
  const where = filterCondition(communityId, filter, community.timeZone, now);
  const size = Math.min(Math.max(1, page.pageSize), LEADER_ORDER_PAGE_MAX);
  const pageNo = Math.max(1, page.page);
  const [totals] = ((await db.execute(sql`
    select count(distinct l.order_id)::int as orders, count(*)::int as lines, count(distinct l.user_id)::int as households,
      coalesce(sum(${NET_UNITS}) filter (where ${COUNTS}), 0)::int as units, coalesce(sum(${NET_FEN}) filter (where ${COUNTS}), 0)::int as "amountFen"
    ${FROM} where ${where}`)) as unknown as { rows: { orders: number; lines: number; households: number; units: number; amountFen: number }[] }).rows;
  const ids = ((await db.execute(sql`
    select l.order_id as id, max(o.created_at) as at ${FROM} where ${where}
    group by l.order_id order by at desc, l.order_id desc limit ${size} offset ${(pageNo - 1) * size}`)) as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
  const rows = ids.length ? await lines(db, where, sql`and l.order_id in ${ids}`, locale) : [];
  const byOrder = new Map<string, LeaderOrderLine[]>();
  for (const r of rows) byOrder.set(r.orderId, [...(byOrder.get(r.orderId) ?? []), r]);
  const items = ids.map((id) => {
    const ls = byOrder.get(id)!;
    const first = ls[0];
    return {
      orderId: id, orderedAt: first.orderedAt, userId: first.userId, displayName: first.displayName, doorNumber: first.doorNumber, phoneTail: first.phoneTail,
      pickupPointId: first.pickupPointId, pickupPointName: first.pickupPointName,
      groupNumbers: [...new Set(ls.map((l) => l.groupNumber).filter((n): n is number => n !== null))].sort((a, b) => a - b),
      amountFen: ls.filter((l) => l.status !== 'pending_payment' && l.status !== 'cancelled').reduce((s, l) => s + l.amountFen, 0),
      lines: ls.map((l) => ({
        lineId: l.lineId, groupBuyId: l.groupBuyId, title: l.title, groupNumber: l.groupNumber, productName: l.productName, spec: l.spec, unit: l.unit,
        quantity: l.quantity, refundedQuantity: l.refundedQuantity, amountFen: l.amountFen, status: l.status, pickupStartAt: l.pickupStartAt, pickupEndAt: l.pickupEndAt,
      })),
    };
  });
  return { items, page: pageNo, pageSize: size, totals, pages: Math.max(1, Math.ceil(totals.orders / size)) };
}

/** Every line the filter matches (for export), newest order first; too many is a clear 400. */
export async function leaderOrderLines(db: Db, communityId: string, leaderId: string, filter: LeaderOrderFilter, now: Date, locale: Locale) {
  await requireLeader(db, communityId, leaderId);
  const community = await getCommunity(db, communityId);
  const where = filterCondition(communityId, filter, community.timeZone, now);
  const [{ n }] = ((await db.execute(sql`select count(*)::int as n ${FROM} where ${where}`)) as unknown as { rows: { n: number }[] }).rows;
  if (n > LEADER_ORDER_EXPORT_MAX) throw badRequest('leader_orders.too_many', { max: LEADER_ORDER_EXPORT_MAX });
  return { community, lines: await lines(db, where, sql``, locale) };
}

/** What the leader's filter chips offer: his group buys (newest first) and his pickup points. */
export async function leaderOrderFilters(db: Db, communityId: string, leaderId: string) {
  await requireLeader(db, communityId, leaderId);
  const groupBuys = ((await db.execute(sql`
    select gb.id, gb.title, gb.status, gb.pickup_start_at as "pickupStartAt",
      exists (select 1 from purchase_order_lines pl where pl.group_buy_id = gb.id and pl.quantity_delivered is not null and pl.received_at is null) as "awaitingReceipt"
    from group_buys gb where gb.community_id = ${communityId} and gb.status <> 'draft'
    order by gb.pickup_start_at desc, gb.id limit 100`)) as unknown as { rows: { id: string; title: string; status: string; pickupStartAt: Date; awaitingReceipt: boolean }[] }).rows;
  const points = ((await db.execute(sql`
    select id, name, closed_at is not null as closed from pickup_points where community_id = ${communityId} order by position, created_at`)) as unknown as { rows: { id: string; name: string; closed: boolean }[] }).rows;
  return { groupBuys: groupBuys.map((g) => ({ ...g, pickupStartAt: new Date(g.pickupStartAt) })), pickupPoints: points, statuses: [...lineStatuses] };
}

/** Lines that go into a bag on a pickup day: paid, not refunded away, not yet cancelled. */
const IN_BAG = sql`l.status in ('paid', 'confirmed', 'ready_for_pickup', 'picked_up', 'not_collected') and l.quantity - l.refunded_quantity > 0`;

interface PrintItem { groupNumber: number | null; title: string; productName: string; spec: string; unit: string; quantity: number }

/**
 * Bag labels (one per household and group buy: 跟团号, masked name, items — a bag sits where other
 * neighbours can read it, so no full name and no 门牌) and household slips (the leader's packing list) (one per household: all her lines of that pickup day across group buys) for the orders the
 * filter (or the leader's selection) matches on one pickup day. No code, no pass, no phone.
 */
export async function leaderPrintSheets(db: Db, communityId: string, leaderId: string, filter: LeaderOrderFilter & { pickupDate: string }, now: Date, locale: Locale) {
  await requireLeader(db, communityId, leaderId);
  const community = await getCommunity(db, communityId);
  const where = sql`${filterCondition(communityId, filter, community.timeZone, now)} and ${IN_BAG}`;
  const rows = (await lines(db, where, sql``, locale))
    .sort((a, b) => (a.groupNumber ?? 1e9) - (b.groupNumber ?? 1e9) || a.title.localeCompare(b.title, 'zh-CN') || a.lineId.localeCompare(b.lineId));
  const item = (l: LeaderOrderLine): PrintItem => ({ groupNumber: l.groupNumber, title: l.title, productName: l.productName, spec: l.spec, unit: l.unit, quantity: l.quantity - l.refundedQuantity });
  const labels = new Map<string, { groupBuyId: string; title: string; groupNumbers: number[]; displayName: string; pickupPointName: string; items: PrintItem[] }>();
  const slips = new Map<string, { displayName: string; doorNumber: string; pickupPointName: string; groupNumbers: { title: string; groupNumber: number }[]; items: PrintItem[]; units: number }>();
  for (const l of rows) {
    const key = `${l.groupBuyId}:${l.userId}`;
    const label = labels.get(key) ?? { groupBuyId: l.groupBuyId, title: l.title, groupNumbers: [], displayName: maskName(l.displayName, translate(locale, 'people.unnamed')), pickupPointName: l.pickupPointName, items: [] };
    if (l.groupNumber !== null && !label.groupNumbers.includes(l.groupNumber)) label.groupNumbers.push(l.groupNumber);
    label.items.push(item(l));
    labels.set(key, label);
    const slip = slips.get(l.userId) ?? { displayName: l.displayName, doorNumber: l.doorNumber, pickupPointName: l.pickupPointName, groupNumbers: [], items: [], units: 0 };
    if (l.groupNumber !== null && !slip.groupNumbers.some((g) => g.title === l.title && g.groupNumber === l.groupNumber)) slip.groupNumbers.push({ title: l.title, groupNumber: l.groupNumber });
    slip.items.push(item(l));
    slip.units += l.quantity - l.refundedQuantity;
    slips.set(l.userId, slip);
  }
  const firstNo = (ns: number[]) => Math.min(1e9, ...ns);
  return {
    date: filter.pickupDate,
    community: { id: community.id, name: community.name },
    labels: [...labels.values()].sort((a, b) => a.title.localeCompare(b.title, 'zh-CN') || firstNo(a.groupNumbers) - firstNo(b.groupNumbers)),
    slips: [...slips.values()].sort((a, b) => a.doorNumber.localeCompare(b.doorNumber, 'zh-CN', { numeric: true }) || a.displayName.localeCompare(b.displayName, 'zh-CN')),
  };
}
