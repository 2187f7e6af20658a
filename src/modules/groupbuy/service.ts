import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { groupBuys, stockMovements, groupBuyPurchases, type GroupBuyStatus } from './schema.js';
import { products } from '../catalog/schema.js';
import { badRequest, conflict, notFound } from '../../shared/errors.js';
import { getProduct } from '../catalog/service.js';
import { getCommunity, leadersOf, memberIds, requireLeader } from '../community/service.js';
import { inTransaction, recordEvent } from '../events/service.js';
import { notify } from '../notifications/service.js';
import { formatInZone } from '../../shared/time.js';
import { formatYuan } from '../../shared/money.js';
import { translate, type Locale } from '../../shared/i18n.js';
import * as orders from '../orders/service.js';
import { requireActiveEndorsement, activeEndorsement } from '../leaders/service.js';
import { requireSellableBatch } from '../quality/service.js';
import { hasFirstLaunchRights } from '../trust/leader-index.service.js';

export type GroupBuy = typeof groupBuys.$inferSelect;

/** One order may not exceed ¥1,000,000 (and so always fits the integer fen columns). */
export const MAX_ORDER_TOTAL_FEN = 100_000_000;

export interface OpenGroupBuyInput {
  productId: string;
  batchId?: string;
  title?: string;
  note?: string;
  priceFen: number;
  stockTotal: number;
  perPersonLimit: number;
  priorityMinutes?: number;
  opensAt?: Date;
  cutoffAt: Date;
  pickupStartAt: Date;
  pickupEndAt: Date;
}

/** A leader opens a group buy in a community they lead. */
export async function openGroupBuy(db: Db, communityId: string, leaderId: string, input: OpenGroupBuyInput, now = new Date()): Promise<GroupBuy> {
  await requireLeader(db, communityId, leaderId);
  const product = await getProduct(db, input.productId);
  if (!product.active) throw badRequest('product.inactive');
  // New products go to leaders with first-launch rights first (their tier earns it).
  if (product.firstLaunchUntil && product.firstLaunchUntil > now && !(await hasFirstLaunchRights(db, leaderId))) {
    throw conflict('groupbuy.first_launch_only', { until: formatInZone(product.firstLaunchUntil, 'Asia/Shanghai') });
  }
  // Trust rules: the leader vouched for it here, and the batch passed inspection.
  await requireActiveEndorsement(db, communityId, product.id);
  const batch = await requireSellableBatch(db, product.id, input.batchId);
  const opensAt = input.opensAt ?? now;
  if (input.cutoffAt <= now) throw badRequest('groupbuy.cutoff_past');
  if (!(opensAt < input.cutoffAt && input.cutoffAt <= input.pickupStartAt && input.pickupStartAt < input.pickupEndAt)) throw badRequest('groupbuy.times_invalid');
  if (input.perPersonLimit > input.stockTotal) throw badRequest('groupbuy.limit_invalid');
  if (input.priceFen * input.perPersonLimit > MAX_ORDER_TOTAL_FEN) throw badRequest('groupbuy.order_total_too_large', { max: MAX_ORDER_TOTAL_FEN / 100 });
  return inTransaction(db, async (tx) => {
    const [gb] = await tx.insert(groupBuys).values({
      communityId, productId: product.id, batchId: batch.id, leaderId,
      title: input.title?.trim() || product.name,
      note: input.note?.trim() ?? '',
      priceFen: input.priceFen, stockTotal: input.stockTotal, stockAvailable: input.stockTotal,
      perPersonLimit: input.perPersonLimit, priorityMinutes: input.priorityMinutes ?? 0, opensAt, cutoffAt: input.cutoffAt,
      pickupStartAt: input.pickupStartAt, pickupEndAt: input.pickupEndAt,
      status: opensAt <= now ? 'open' : 'scheduled',
    }).returning();
    await recordEvent(tx, { type: 'groupbuy.opened', communityId, actorId: leaderId, subjectId: gb.id, payload: { productId: product.id, priceFen: gb.priceFen, stockTotal: gb.stockTotal, cutoffAt: gb.cutoffAt.toISOString() } });
    // Neighbours hear of it in the app (those who muted "new group buys" do not).
    const residents = (await memberIds(tx, communityId)).filter((id) => id !== leaderId);
    await notify(tx, residents.map((userId) => ({ userId, communityId, kind: 'group_buy_opened' as const, params: { title: gb.title }, link: `/g/${gb.id}` })));
    return gb;
  });
}

/** Status as a resident experiences it: a scheduled buy whose opening time passed is open. */
export function effectiveStatus(gb: Pick<GroupBuy, 'status' | 'opensAt' | 'cutoffAt'>, now = new Date()): GroupBuyStatus {
  if (gb.status === 'scheduled' || gb.status === 'open') {
    if (gb.cutoffAt <= now) return 'closed';
    return gb.opensAt <= now ? 'open' : 'scheduled';
  }
  return gb.status;
}

// Correlated subqueries name the outer table explicitly: drizzle leaves single-table columns unqualified.
const soldQuantity = sql<number>`coalesce((select sum(o.quantity)::int from orders o where o.group_buy_id = group_buys.id and o.status in ('paid','confirmed','ready_for_pickup','picked_up')), 0)`;
const buyerCount = sql<number>`(select count(distinct o.user_id)::int from orders o where o.group_buy_id = group_buys.id and o.status in ('paid','confirmed','ready_for_pickup','picked_up'))`;

const listColumns = {
  id: groupBuys.id, communityId: groupBuys.communityId, productId: groupBuys.productId, leaderId: groupBuys.leaderId,
  title: groupBuys.title, note: groupBuys.note, priceFen: groupBuys.priceFen, stockTotal: groupBuys.stockTotal,
  stockAvailable: groupBuys.stockAvailable, perPersonLimit: groupBuys.perPersonLimit, priorityMinutes: groupBuys.priorityMinutes, opensAt: groupBuys.opensAt,
  cutoffAt: groupBuys.cutoffAt, pickupStartAt: groupBuys.pickupStartAt, pickupEndAt: groupBuys.pickupEndAt,
  status: groupBuys.status, closedAt: groupBuys.closedAt, arrivedAt: groupBuys.arrivedAt, createdAt: groupBuys.createdAt,
  soldQuantity, buyerCount, batchId: groupBuys.batchId,
  batchCode: sql<string | null>`(select b.code from batches b where b.id = group_buys.batch_id)`,
  product: {
    name: products.name, spec: products.spec, unit: products.unit, origin: products.origin,
    description: products.description, imageUrls: products.imageUrls, listPriceFen: products.listPriceFen,
    category: products.category, standards: products.standards,
  },
};

function present<T extends Pick<GroupBuy, 'status' | 'opensAt' | 'cutoffAt'>>(row: T, now: Date) {
  return { ...row, status: effectiveStatus(row, now) };
}

/** Group buys of a community: `current` = scheduled/open first, then `past`. */
export async function listGroupBuys(db: Db, communityId: string, filter: 'current' | 'past' | 'all', page = 1, pageSize = 20, now = new Date()) {
  const current = and(inArray(groupBuys.status, ['scheduled', 'open']), sql`${groupBuys.cutoffAt} > ${now}`);
  const where = filter === 'current' ? and(eq(groupBuys.communityId, communityId), current)
    : filter === 'past' ? and(eq(groupBuys.communityId, communityId), sql`not (${current})`)
    : eq(groupBuys.communityId, communityId);
  const rows = await db.select(listColumns).from(groupBuys).innerJoin(products, eq(products.id, groupBuys.productId))
    .where(where).orderBy(filter === 'current' ? asc(groupBuys.cutoffAt) : desc(groupBuys.cutoffAt))
    .limit(pageSize + 1).offset((page - 1) * pageSize);
  return { items: rows.slice(0, pageSize).map((r) => present(r, now)), hasMore: rows.length > pageSize };
}

export async function getGroupBuyDetail(db: DbOrTx, id: string, now = new Date()) {
  const [row] = await db.select(listColumns).from(groupBuys).innerJoin(products, eq(products.id, groupBuys.productId)).where(eq(groupBuys.id, id));
  if (!row) throw notFound('groupbuy.not_found');
  const endorsement = await activeEndorsement(db, row.communityId, row.productId);
  return { ...present(row, now), endorsement };
}

export async function getGroupBuy(db: DbOrTx, id: string): Promise<GroupBuy> {
  const [row] = await db.select().from(groupBuys).where(eq(groupBuys.id, id));
  if (!row) throw notFound('groupbuy.not_found');
  return row;
}

async function requireOwnGroupBuy(db: DbOrTx, id: string, leaderId: string): Promise<GroupBuy> {
  const gb = await getGroupBuy(db, id);
  await requireLeader(db, gb.communityId, leaderId);
  return gb;
}

/**
 * Reserves stock for an order: one conditional UPDATE on the group buy row, which also re-checks
 * the ordering window, so an order can never slip past a concurrent cut-off. Returns null when
 * the stock or the window does not allow it.
 */
export async function reserveStock(tx: Tx, groupBuyId: string, quantity: number, now: Date): Promise<number | null> {
  const [row] = await tx.update(groupBuys).set({ stockAvailable: sql`${groupBuys.stockAvailable} - ${quantity}` })
    .where(and(eq(groupBuys.id, groupBuyId), sql`${groupBuys.stockAvailable} >= ${quantity}`,
      inArray(groupBuys.status, ['scheduled', 'open']), lte(groupBuys.opensAt, now), sql`${groupBuys.cutoffAt} > ${now}`))
    .returning({ stockAvailable: groupBuys.stockAvailable });
  return row ? row.stockAvailable : null;
}

/** Returns stock to the pool (cancellation, expiry) and logs the movement. */
export async function releaseStock(tx: Tx, gb: { id: string; communityId: string }, orderId: string, quantity: number, reason: 'order_cancelled' | 'order_expired' | 'order_refunded', userId: string, opts: { keepLimit?: boolean } = {}) {
  await tx.update(groupBuys).set({ stockAvailable: sql`${groupBuys.stockAvailable} + ${quantity}` }).where(eq(groupBuys.id, gb.id));
  await tx.insert(stockMovements).values({ communityId: gb.communityId, groupBuyId: gb.id, orderId, delta: quantity, reason });
  if (opts.keepLimit) return;
  await tx.update(groupBuyPurchases).set({ quantity: sql`${groupBuyPurchases.quantity} - ${quantity}` })
    .where(and(eq(groupBuyPurchases.groupBuyId, gb.id), eq(groupBuyPurchases.userId, userId)));
}

/**
 * Closes group buys whose cut-off has passed. Rows are claimed with FOR UPDATE SKIP LOCKED and
 * the status change is conditional, so any number of instances close each buy exactly once.
 */
export async function closeDueGroupBuys(db: Db, now = new Date(), batch = 50): Promise<string[]> {
  return inTransaction(db, async (tx) => {
    const due = await tx.select({ id: groupBuys.id }).from(groupBuys)
      .where(and(inArray(groupBuys.status, ['scheduled', 'open']), lte(groupBuys.cutoffAt, now)))
      .orderBy(asc(groupBuys.cutoffAt)).limit(batch).for('update', { skipLocked: true });
    const closed: string[] = [];
    for (const { id } of due) {
      if (await closeOne(tx, id, now, null, 'cutoff')) closed.push(id);
    }
    return closed;
  });
}

async function closeOne(tx: Tx, id: string, now: Date, actorId: string | null, reason: 'cutoff' | 'leader'): Promise<boolean> {
  const [gb] = await tx.update(groupBuys).set({ status: 'closed', closedAt: now })
    .where(and(eq(groupBuys.id, id), inArray(groupBuys.status, ['scheduled', 'open']))).returning();
  if (!gb) return false;
  const expired = await orders.cancelUnpaidAtClose(tx, gb, now);
  const confirmed = await orders.confirmPaidAtClose(tx, gb.id);
  await recordEvent(tx, {
    type: 'groupbuy.closed', communityId: gb.communityId, actorId, subjectId: gb.id,
    payload: { reason, confirmedOrders: confirmed.orders, confirmedQuantity: confirmed.quantity, cancelledUnpaid: expired, stockLeft: gb.stockAvailable },
  });
  return true;
}

/** 提前截单: the leader closes a buy before its cut-off. */
export async function closeEarly(db: Db, id: string, leaderId: string, now = new Date()) {
  await requireOwnGroupBuy(db, id, leaderId);
  const ok = await inTransaction(db, (tx) => closeOne(tx, id, now, leaderId, 'leader'));
  if (!ok) throw conflict('groupbuy.closed');
  return getGroupBuyDetail(db, id, now);
}

/** Goods reached the pickup point: orders become ready for pickup and residents are told. */
export async function markArrived(db: Db, id: string, leaderId: string, now = new Date()) {
  const gb = await requireOwnGroupBuy(db, id, leaderId);
  if (gb.status === 'arrived') throw conflict('groupbuy.already_arrived');
  if (gb.status !== 'closed') throw conflict('groupbuy.not_closed');
  await inTransaction(db, async (tx) => {
    const [row] = await tx.update(groupBuys).set({ status: 'arrived', arrivedAt: now })
      .where(and(eq(groupBuys.id, id), eq(groupBuys.status, 'closed'))).returning({ id: groupBuys.id });
    if (!row) throw conflict('groupbuy.already_arrived');
    const ready = await orders.markReadyForPickup(tx, id);
    await recordEvent(tx, { type: 'groupbuy.arrived', communityId: gb.communityId, actorId: leaderId, subjectId: id, payload: { readyOrders: ready } });
  });
  return getGroupBuyDetail(db, id, now);
}

/** The 接龙-style text a leader pastes into the WeChat group, plus a QR code of the link. */
export async function shareKit(db: Db, id: string, user: { id: string; isOperator: boolean }, baseUrl: string, locale: Locale) {
  const gb = await getGroupBuyDetail(db, id);
  if (!user.isOperator) await requireLeader(db, gb.communityId, user.id);
  const community = await getCommunity(db, gb.communityId);
  const [leader] = (await leadersOf(db, gb.communityId)).filter((l) => l.userId === gb.leaderId);
  const roll = await orders.rollCall(db, id);
  const url = `${baseUrl}/g/${id}`;
  const tz = community.timeZone;
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, `share.${key}`, params);
  const lines = [
    t('header', { community: community.name, leader: leader ? `${leader.title ? `${leader.title}` : ''}${leader.name}` : '' }),
    t('product', { name: gb.title, spec: gb.product.spec }),
    ...(gb.endorsement ? [t('endorsement', { leader: gb.endorsement.leaderName, stars: '★'.repeat(gb.endorsement.rating), story: gb.endorsement.story.length > 60 ? `${gb.endorsement.story.slice(0, 60)}…` : gb.endorsement.story })] : []),
    t('price', { price: formatYuan(gb.priceFen), unit: gb.product.unit, listPrice: formatYuan(gb.product.listPriceFen) }),
    t('limit', { limit: gb.perPersonLimit, stock: gb.stockTotal }),
    t('cutoff', { time: formatInZone(gb.cutoffAt, tz, locale) }),
    t('pickup', { start: formatInZone(gb.pickupStartAt, tz, locale), end: formatInZone(gb.pickupEndAt, tz, locale), place: `${community.pickupPointName}（${community.pickupPointAddress}）` }),
    ...(gb.note ? [gb.note] : []),
    t('howto', { url }),
    ...(roll.length ? ['', t('roll'), ...roll.map((r, i) => t('rollLine', { n: i + 1, name: r.name, qty: r.quantity }))] : []),
  ];
  const qrDataUrl = await QRCode.toDataURL(url, { margin: 1, width: 320 });
  return { text: lines.join('\n'), url, qrDataUrl };
}

/** Proves the stock counter agrees with its movement log; a non-empty result is a bug. */
export async function reconcileStock(db: DbOrTx, groupBuyId?: string) {
  const res = (await db.execute(sql`
    select gb.id, gb.stock_total, gb.stock_available, coalesce(sum(m.delta), 0)::int as moved
    from group_buys gb left join stock_movements m on m.group_buy_id = gb.id
    ${groupBuyId ? sql`where gb.id = ${groupBuyId}` : sql``}
    group by gb.id
    having gb.stock_total + coalesce(sum(m.delta), 0) <> gb.stock_available`)) as unknown as { rows: unknown[] };
  return res.rows as { id: string; stock_total: number; stock_available: number; moved: number }[];
}

/** How many units a resident holds in a group buy (unpaid reservations included): her limit left. */
export async function heldQuantity(db: DbOrTx, groupBuyId: string, userId: string): Promise<number> {
  const [row] = await db.select({ q: groupBuyPurchases.quantity }).from(groupBuyPurchases)
    .where(and(eq(groupBuyPurchases.groupBuyId, groupBuyId), eq(groupBuyPurchases.userId, userId)));
  return row?.q ?? 0;
}

/** What make-to-order needs to know of closed group buys: who supplies, for which day, where. */
export async function closedGroupBuySummaries(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  const res = (await db.execute(sql`
    select gb.id as "groupBuyId", gb.community_id as "communityId", gb.product_id as "productId", gb.batch_id as "batchId",
      p.supplier_id as "supplierId", to_char(gb.pickup_start_at at time zone c.time_zone, 'YYYY-MM-DD') as "deliveryDate"
    from group_buys gb join products p on p.id = gb.product_id join communities c on c.id = gb.community_id
    where gb.id in ${ids}`)) as unknown as { rows: { groupBuyId: string; communityId: string; productId: string; batchId: string | null; supplierId: string | null; deliveryDate: string }[] };
  return res.rows;
}

/** Goods reached the pickup point through a recorded delivery (no leader action needed). */
export async function markArrivedBySystem(tx: Tx, id: string, now: Date): Promise<number> {
  const [row] = await tx.update(groupBuys).set({ status: 'arrived', arrivedAt: now })
    .where(and(eq(groupBuys.id, id), eq(groupBuys.status, 'closed'))).returning({ communityId: groupBuys.communityId });
  const ready = await orders.markReadyForPickup(tx, id);
  if (row) await recordEvent(tx, { type: 'groupbuy.arrived', communityId: row.communityId, actorId: null, subjectId: id, payload: { readyOrders: ready, via: 'delivery' } });
  return ready;
}
