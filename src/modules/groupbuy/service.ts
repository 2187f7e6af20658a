import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { Db, DbOrTx, Tx } from '../../platform/db/client.js';
import { groupBuys, groupBuyItems, stockMovements, groupBuyPurchases, groupBuyDrafts, type GroupBuyStatus } from './schema.js';
import { products, type ProductCategory } from '../catalog/index.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { getProduct } from '../catalog/index.js';
import { getCommunity, leadersOf, memberIds, requireLeader } from '../community/index.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import { notify } from '../notifications/index.js';
import { formatInZone } from '../../platform/time.js';
import { formatYuan } from '../../platform/money.js';
import { translate, type Locale } from '../../platform/i18n.js';
import { requireActiveEndorsement, activeEndorsement } from '../leaders/index.js';
import { requireSellableBatch } from '../quality/index.js';
import { forgetSoldOut } from './sold-out.js';

export type GroupBuy = typeof groupBuys.$inferSelect;
export type GroupBuyItem = typeof groupBuyItems.$inferSelect;

/** One order may not exceed ¥1,000,000 (and so always fits the integer fen columns). */
export const MAX_ORDER_TOTAL_FEN = 100_000_000;
export const MAX_ITEMS = 20;
/** Opening a group buy: items, the title and note (备注) in characters, each item's price (fen), stock and per-person limit. */
export const OPEN_LIMITS = { items: MAX_ITEMS, title: 60, note: 500, priceFen: 100_000_000, stock: 1_000_000, perPersonLimit: 1000 } as const;

export interface OpenItemInput {
  productId: string;
  batchId?: string;
  priceFen: number;
  stockTotal: number;
  perPersonLimit: number;
}

export interface OpenGroupBuyInput {
  title?: string;
  note?: string;
  priorityMinutes?: number;
  opensAt?: Date;
  cutoffAt: Date;
  pickupStartAt: Date;
  pickupEndAt: Date;
  items: OpenItemInput[];
}

/** A leader opens a group buy with one or more items in a community they lead. */
/**
 * Opens a 团. `rights.firstLaunch` is the leader's tier right to sell products still in their
 * first-launch window; trust decides it, so the caller (workflows/open-group-buy) passes it in.
 */
export async function openGroupBuy(db: Db, communityId: string, leaderId: string, input: OpenGroupBuyInput, now: Date, rights: { firstLaunch: boolean }, opts: { draftId?: string } = {}) {
  await requireLeader(db, communityId, leaderId);
  if (input.items.length === 0) throw badRequest('groupbuy.items_empty');
  if (input.items.length > MAX_ITEMS) throw badRequest('groupbuy.items_too_many', { max: MAX_ITEMS });
  if (new Set(input.items.map((i) => i.productId)).size !== input.items.length) throw badRequest('groupbuy.items_duplicate');
  const opensAt = input.opensAt ?? now;
  if (input.cutoffAt <= now) throw badRequest('groupbuy.cutoff_past');
  if (!(opensAt < input.cutoffAt && input.cutoffAt <= input.pickupStartAt && input.pickupStartAt < input.pickupEndAt)) throw badRequest('groupbuy.times_invalid');
  const checked: { item: OpenItemInput; productName: string; batchId: string }[] = [];
  for (const item of input.items) checked.push(await checkItem(db, communityId, item, now, rights));
  const title = input.title?.trim() || (checked.length === 1 ? checked[0].productName : checked.map((c) => c.productName).slice(0, 3).join('、'));
  const gb = await inTransaction(db, async (tx) => {
    if (opts.draftId) {
      // A draft opens once: the claim and the group buy commit together.
      const [claimed] = await tx.update(groupBuyDrafts).set({ openedGroupBuyId: null, updatedAt: now })
        .where(and(eq(groupBuyDrafts.id, opts.draftId), eq(groupBuyDrafts.communityId, communityId), isNull(groupBuyDrafts.openedGroupBuyId))).returning({ id: groupBuyDrafts.id });
      if (!claimed) throw conflict('groupbuy.draft_opened');
    }
    const [gb] = await tx.insert(groupBuys).values({
      communityId, leaderId, title, note: input.note?.trim() ?? '',
      priorityMinutes: input.priorityMinutes ?? 0, opensAt, cutoffAt: input.cutoffAt,
      pickupStartAt: input.pickupStartAt, pickupEndAt: input.pickupEndAt,
      status: opensAt <= now ? 'open' : 'scheduled',
    }).returning();
    const items = await tx.insert(groupBuyItems).values(checked.map((c, i) => ({
      communityId, groupBuyId: gb.id, position: i + 1, productId: c.item.productId, batchId: c.batchId,
      priceFen: c.item.priceFen, stockTotal: c.item.stockTotal, stockAvailable: c.item.stockTotal, perPersonLimit: c.item.perPersonLimit,
    }))).returning();
    await recordEvent(tx, { type: 'groupbuy.opened', communityId, actorId: leaderId, subjectId: gb.id, payload: {
      cutoffAt: gb.cutoffAt.toISOString(), items: items.map((i) => ({ itemId: i.id, productId: i.productId, priceFen: i.priceFen, stockTotal: i.stockTotal })),
      // The first item's facts, as one-product group buys always carried them.
      productId: items[0].productId, priceFen: items[0].priceFen, stockTotal: items[0].stockTotal,
    } });
    if (opts.draftId) await tx.update(groupBuyDrafts).set({ openedGroupBuyId: gb.id }).where(eq(groupBuyDrafts.id, opts.draftId));
    // Neighbours hear of it in the app (those who muted "new group buys" do not).
    const residents = (await memberIds(tx, communityId)).filter((id) => id !== leaderId);
    await notify(tx, residents.map((userId) => ({ userId, communityId, kind: 'group_buy_opened' as const, params: { title: gb.title }, link: `/g/${gb.id}` })));
    return gb;
  });
  return getGroupBuyDetail(db, gb.id, now);
}

/**
 * The rules every item of a group buy meets, at opening and when added to a live one: an active
 * product, first-launch rights, the leader's own trial (endorsement), an approved batch, sane limits.
 */
export async function checkItem(db: DbOrTx, communityId: string, item: OpenItemInput, now: Date, rights: { firstLaunch: boolean }) {
  const product = await getProduct(db, item.productId);
  if (!product.active) throw badRequest('product.inactive');
  // New products go to leaders with first-launch rights first (their tier earns it).
  if (product.firstLaunchUntil && product.firstLaunchUntil > now && !rights.firstLaunch) {
    const { timeZone } = await getCommunity(db, communityId);
    throw conflict('groupbuy.first_launch_only', { until: formatInZone(product.firstLaunchUntil, timeZone) });
  }
  // Trust rules: the leader vouched for it here, and the batch passed inspection.
  await requireActiveEndorsement(db, communityId, product.id);
  const batch = await requireSellableBatch(db, product.id, item.batchId);
  if (item.perPersonLimit > item.stockTotal) throw badRequest('groupbuy.limit_invalid');
  if (item.priceFen * item.perPersonLimit > MAX_ORDER_TOTAL_FEN) throw badRequest('groupbuy.order_total_too_large', { max: MAX_ORDER_TOTAL_FEN / 100 });
  return { item, productName: product.name, batchId: batch.id };
}

/** Status as a resident experiences it: a scheduled buy whose opening time passed is open. */
export function effectiveStatus(gb: Pick<GroupBuy, 'status' | 'opensAt' | 'cutoffAt'>, now = new Date()): GroupBuyStatus {
  if (gb.status === 'scheduled' || gb.status === 'open') {
    if (gb.cutoffAt <= now) return 'closed';
    return gb.opensAt <= now ? 'open' : 'scheduled';
  }
  return gb.status;
}

// Honest counts: units paid and not refunded (cancelled, refunded and unpaid lines never count).
const SOLD_STATUSES = sql.raw(`('paid','confirmed','ready_for_pickup','picked_up','not_collected')`);

export interface ItemView {
  id: string; groupBuyId: string; position: number; productId: string; batchId: string | null; batchCode: string | null;
  priceFen: number; stockTotal: number; stockAvailable: number; perPersonLimit: number; soldQuantity: number; arrivedAt: Date | null;
  product: { name: string; spec: string; unit: string; origin: string; description: string; imageUrls: string[]; listPriceFen: number; category: ProductCategory; standards: string[] };
  endorsement: Awaited<ReturnType<typeof activeEndorsement>>;
}

const groupColumns = {
  id: groupBuys.id, communityId: groupBuys.communityId, leaderId: groupBuys.leaderId, title: groupBuys.title, note: groupBuys.note,
  priorityMinutes: groupBuys.priorityMinutes, opensAt: groupBuys.opensAt, cutoffAt: groupBuys.cutoffAt, pickupStartAt: groupBuys.pickupStartAt,
  pickupEndAt: groupBuys.pickupEndAt, status: groupBuys.status, closedAt: groupBuys.closedAt, arrivedAt: groupBuys.arrivedAt, createdAt: groupBuys.createdAt,
  // Correlated subqueries name the outer table explicitly: drizzle leaves single-table columns unqualified.
  soldQuantity: sql<number>`coalesce((select sum(l.quantity - l.refunded_quantity)::int from order_lines l where l.group_buy_id = group_buys.id and l.status in ${SOLD_STATUSES}), 0)`,
  buyerCount: sql<number>`(select count(distinct l.order_id)::int from order_lines l where l.group_buy_id = group_buys.id and l.status in ${SOLD_STATUSES})`,
};

async function itemsOf(db: DbOrTx, groupBuyIds: string[]): Promise<Map<string, ItemView[]>> {
  const out = new Map<string, ItemView[]>();
  if (groupBuyIds.length === 0) return out;
  const rows = await db.select({
    id: groupBuyItems.id, groupBuyId: groupBuyItems.groupBuyId, position: groupBuyItems.position, productId: groupBuyItems.productId,
    batchId: groupBuyItems.batchId, priceFen: groupBuyItems.priceFen, stockTotal: groupBuyItems.stockTotal, stockAvailable: groupBuyItems.stockAvailable,
    perPersonLimit: groupBuyItems.perPersonLimit, arrivedAt: groupBuyItems.arrivedAt, communityId: groupBuyItems.communityId,
    batchCode: sql<string | null>`(select b.code from batches b where b.id = group_buy_items.batch_id)`,
    soldQuantity: sql<number>`coalesce((select sum(l.quantity - l.refunded_quantity)::int from order_lines l where l.item_id = group_buy_items.id and l.status in ${SOLD_STATUSES}), 0)`,
    product: {
      name: products.name, spec: products.spec, unit: products.unit, origin: products.origin, description: products.description,
      imageUrls: products.imageUrls, listPriceFen: products.listPriceFen, category: products.category, standards: products.standards,
    },
  }).from(groupBuyItems).innerJoin(products, eq(products.id, groupBuyItems.productId))
    .where(inArray(groupBuyItems.groupBuyId, groupBuyIds)).orderBy(asc(groupBuyItems.groupBuyId), asc(groupBuyItems.position));
  const endorsements = new Map<string, ItemView['endorsement']>();
  for (const r of rows) {
    const key = `${r.communityId}|${r.productId}`;
    if (!endorsements.has(key)) endorsements.set(key, await activeEndorsement(db, r.communityId, r.productId));
    const { communityId: _c, ...item } = r;
    const list = out.get(r.groupBuyId) ?? [];
    list.push({ ...item, endorsement: endorsements.get(key) ?? null });
    out.set(r.groupBuyId, list);
  }
  return out;
}

/**
 * When ordering stopped, or will stop: a leader's early close moves the cut-off forward; a closing
 * run that came a little after the planned time does not move it back.
 */
export function actualCutoff(gb: Pick<GroupBuy, 'cutoffAt' | 'closedAt'>): Date {
  return gb.closedAt && gb.closedAt < gb.cutoffAt ? gb.closedAt : gb.cutoffAt;
}

function present<T extends Pick<GroupBuy, 'status' | 'opensAt' | 'cutoffAt'>>(row: T, now: Date) {
  return { ...row, status: effectiveStatus(row, now) };
}

/** Group buys of a community: `current` = scheduled/open first, then `past`. Each with its items. */
export async function listGroupBuys(db: Db, communityId: string, filter: 'current' | 'past' | 'all', page = 1, pageSize = 20, now = new Date()) {
  const current = and(inArray(groupBuys.status, ['scheduled', 'open']), sql`${groupBuys.cutoffAt} > ${now}`);
  const where = filter === 'current' ? and(eq(groupBuys.communityId, communityId), current)
    : filter === 'past' ? and(eq(groupBuys.communityId, communityId), sql`not (${current})`)
    : eq(groupBuys.communityId, communityId);
  const rows = await db.select(groupColumns).from(groupBuys)
    .where(where).orderBy(filter === 'current' ? asc(groupBuys.cutoffAt) : desc(groupBuys.cutoffAt))
    .limit(pageSize + 1).offset((page - 1) * pageSize);
  const page_ = rows.slice(0, pageSize);
  const items = await itemsOf(db, page_.map((r) => r.id));
  return { items: page_.map((r) => ({ ...present(r, now), items: items.get(r.id) ?? [] })), hasMore: rows.length > pageSize };
}

export async function getGroupBuyDetail(db: DbOrTx, id: string, now = new Date()) {
  const [row] = await db.select(groupColumns).from(groupBuys).where(eq(groupBuys.id, id));
  if (!row) throw notFound('groupbuy.not_found');
  const items = await itemsOf(db, [id]);
  return { ...present(row, now), items: items.get(id) ?? [] };
}

export async function getGroupBuy(db: DbOrTx, id: string): Promise<GroupBuy> {
  const [row] = await db.select().from(groupBuys).where(eq(groupBuys.id, id));
  if (!row) throw notFound('groupbuy.not_found');
  return row;
}

export async function requireOwnGroupBuy(db: DbOrTx, id: string, leaderId: string): Promise<GroupBuy> {
  const gb = await getGroupBuy(db, id);
  await requireLeader(db, gb.communityId, leaderId);
  return gb;
}

/**
 * What checkout needs to know of the items in a basket (or of one group buy's items, for 立即购买),
 * with their group buy and whether she is a member there: one query on the hot path.
 */
export async function itemsForOrdering(db: DbOrTx, itemIds: string[], userId: string, opts: { groupBuyId?: string } = {}) {
  if (itemIds.length === 0 && !opts.groupBuyId) return [];
  return db.select({
    itemId: groupBuyItems.id, groupBuyId: groupBuyItems.groupBuyId, communityId: groupBuyItems.communityId, productId: groupBuyItems.productId,
    batchId: groupBuyItems.batchId, priceFen: groupBuyItems.priceFen, stockAvailable: groupBuyItems.stockAvailable, perPersonLimit: groupBuyItems.perPersonLimit,
    title: groupBuys.title, status: groupBuys.status, opensAt: groupBuys.opensAt, cutoffAt: groupBuys.cutoffAt, closedAt: groupBuys.closedAt, priorityMinutes: groupBuys.priorityMinutes,
    pickupStartAt: groupBuys.pickupStartAt, pickupEndAt: groupBuys.pickupEndAt,
    productName: products.name, spec: products.spec, unit: products.unit, imageUrls: products.imageUrls, category: products.category, productActive: products.active,
    held: sql<number>`coalesce((select p.quantity from group_buy_purchases p where p.item_id = group_buy_items.id and p.user_id = ${userId}), 0)`,
    isMember: sql<boolean>`exists(select 1 from memberships m where m.community_id = group_buy_items.community_id and m.user_id = ${userId})`,
  }).from(groupBuyItems).innerJoin(groupBuys, eq(groupBuys.id, groupBuyItems.groupBuyId)).innerJoin(products, eq(products.id, groupBuyItems.productId))
    .where(opts.groupBuyId ? eq(groupBuyItems.groupBuyId, opts.groupBuyId) : inArray(groupBuyItems.id, itemIds)).orderBy(asc(groupBuyItems.position));
}
export type OrderingItem = Awaited<ReturnType<typeof itemsForOrdering>>[number];

/**
 * Takes a key-share lock on the group buys an order touches (ascending id) and returns their
 * current state. Closing takes FOR UPDATE on the same rows, so an order and a cut-off never
 * interleave: either the order commits first and the close sees it, or the order sees the close.
 */
export async function lockForOrdering(tx: Tx, groupBuyIds: string[]) {
  const ids = [...new Set(groupBuyIds)].sort();
  const res = (await tx.execute(sql`select id, status, opens_at as "opensAt", cutoff_at as "cutoffAt" from group_buys where id in ${ids} order by id for key share`)) as unknown as { rows: { id: string; status: GroupBuyStatus; opensAt: Date | string; cutoffAt: Date | string }[] };
  return new Map(res.rows.map((r) => [r.id, { status: r.status, opensAt: new Date(r.opensAt), cutoffAt: new Date(r.cutoffAt) }]));
}

/**
 * Holds `quantity` of an item against a resident's per-person limit (an atomic upsert). Returns
 * null when the limit would be passed, with what she may still take.
 */
export async function holdForPerson(tx: Tx, item: { itemId: string; groupBuyId: string; communityId: string; perPersonLimit: number }, userId: string, quantity: number): Promise<{ ok: true } | { ok: false; remaining: number }> {
  const [held] = await tx.insert(groupBuyPurchases).values({ itemId: item.itemId, groupBuyId: item.groupBuyId, userId, communityId: item.communityId, quantity })
    .onConflictDoUpdate({
      target: [groupBuyPurchases.itemId, groupBuyPurchases.userId],
      set: { quantity: sql`${groupBuyPurchases.quantity} + excluded.quantity` },
      setWhere: sql`${groupBuyPurchases.quantity} + excluded.quantity <= ${item.perPersonLimit}`,
    }).returning({ quantity: groupBuyPurchases.quantity });
  if (held && held.quantity <= item.perPersonLimit) return { ok: true };
  // Only a first hold (no row before) can come back above the limit: the upsert's condition guards
  // updates only. The caller rolls it back; she may still take her whole limit.
  if (held) return { ok: false, remaining: item.perPersonLimit };
  const [cur] = await tx.select({ q: groupBuyPurchases.quantity }).from(groupBuyPurchases).where(and(eq(groupBuyPurchases.itemId, item.itemId), eq(groupBuyPurchases.userId, userId)));
  return { ok: false, remaining: Math.max(0, item.perPersonLimit - (cur?.q ?? 0)) };
}

/**
 * Reserves stock of an item: one conditional UPDATE (the hot row, so callers touch it last).
 * Returns what is left, or null with nothing changed when the stock does not cover it.
 */
export async function reserveItemStock(tx: Tx, itemId: string, quantity: number): Promise<number | null> {
  const [row] = await tx.update(groupBuyItems).set({ stockAvailable: sql`${groupBuyItems.stockAvailable} - ${quantity}` })
    .where(and(eq(groupBuyItems.id, itemId), sql`${groupBuyItems.stockAvailable} >= ${quantity}`))
    .returning({ stockAvailable: groupBuyItems.stockAvailable });
  return row ? row.stockAvailable : null;
}

export async function stockOf(db: DbOrTx, itemId: string): Promise<number> {
  const [row] = await db.select({ s: groupBuyItems.stockAvailable }).from(groupBuyItems).where(eq(groupBuyItems.id, itemId));
  return row?.s ?? 0;
}

/** Logs stock movements of an order's lines (one statement for the whole basket). */
export async function logMovements(tx: Tx, rows: { communityId: string; groupBuyId: string; itemId: string; orderId: string; delta: number; reason: 'order_placed' | 'order_cancelled' | 'order_expired' | 'order_refunded' }[]) {
  if (rows.length) await tx.insert(stockMovements).values(rows);
}

/** Returns an item's stock to the pool (cancellation, expiry), logs it and frees the resident's limit. */
export async function releaseItemStock(tx: Tx, line: { communityId: string; groupBuyId: string; itemId: string; orderId: string; userId: string }, quantity: number, reason: 'order_cancelled' | 'order_expired' | 'order_refunded', now = new Date()) {
  // Per-person counter before the item row: the checkout's lock order.
  await tx.update(groupBuyPurchases).set({ quantity: sql`greatest(${groupBuyPurchases.quantity} - ${quantity}, 0)` })
    .where(and(eq(groupBuyPurchases.itemId, line.itemId), eq(groupBuyPurchases.userId, line.userId)));
  const [item] = await tx.update(groupBuyItems).set({ stockAvailable: sql`${groupBuyItems.stockAvailable} + ${quantity}` }).where(eq(groupBuyItems.id, line.itemId)).returning({ stockAvailable: groupBuyItems.stockAvailable });
  forgetSoldOut(line.itemId);
  await tx.insert(stockMovements).values({ communityId: line.communityId, groupBuyId: line.groupBuyId, itemId: line.itemId, orderId: line.orderId, delta: quantity, reason });
  // Back on sale only while the group buy is open: residents waiting for it may now buy.
  const [gb] = await tx.select({ status: groupBuys.status, opensAt: groupBuys.opensAt, cutoffAt: groupBuys.cutoffAt }).from(groupBuys).where(eq(groupBuys.id, line.groupBuyId));
  if (item && gb && effectiveStatus(gb as never, now) === 'open') {
    await recordEvent(tx, { type: 'groupbuy.item_restocked', communityId: line.communityId, actorId: null, subjectId: line.itemId, payload: { itemId: line.itemId, addedQuantity: quantity, stockAvailable: item.stockAvailable } });
  }
}

/**
 * Gives the next 跟团号 of each group buy an order touches, in ascending group-buy id order (the
 * row update serialises payers of one group buy, so numbers follow the order of payment).
 */
export async function nextNumbers(tx: Tx, groupBuyIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const id of [...new Set(groupBuyIds)].sort()) {
    const [row] = await tx.update(groupBuys).set({ lastNumber: sql`${groupBuys.lastNumber} + 1` }).where(eq(groupBuys.id, id)).returning({ n: groupBuys.lastNumber });
    out.set(id, row.n);
  }
  return out;
}

/** Group buys whose cut-off passed, locked FOR UPDATE SKIP LOCKED so each instance takes its own. */
export async function lockDueGroupBuys(tx: Tx, now: Date, batch: number): Promise<string[]> {
  const due = await tx.select({ id: groupBuys.id }).from(groupBuys)
    .where(and(inArray(groupBuys.status, ['scheduled', 'open']), lte(groupBuys.cutoffAt, now)))
    .orderBy(asc(groupBuys.cutoffAt)).limit(batch).for('update', { skipLocked: true });
  return due.map((d) => d.id);
}

/**
 * Marks a group buy closed (FOR UPDATE first: it waits for orders in flight, which hold key-share
 * locks). Returns null when it was closed already.
 */
export async function markClosed(tx: Tx, id: string, now: Date): Promise<GroupBuy | null> {
  const [locked] = await tx.select({ id: groupBuys.id }).from(groupBuys).where(and(eq(groupBuys.id, id), inArray(groupBuys.status, ['scheduled', 'open']))).for('update');
  if (!locked) return null;
  const [gb] = await tx.update(groupBuys).set({ status: 'closed', closedAt: now })
    .where(and(eq(groupBuys.id, id), inArray(groupBuys.status, ['scheduled', 'open']))).returning();
  return gb ?? null;
}

export async function stockLeft(db: DbOrTx, groupBuyId: string): Promise<number> {
  const [row] = await db.select({ s: sql<number>`coalesce(sum(${groupBuyItems.stockAvailable}), 0)::int` }).from(groupBuyItems).where(eq(groupBuyItems.groupBuyId, groupBuyId));
  return row.s;
}

export interface RollEntry { number: number; name: string; items: { name: string; quantity: number }[] }

/** The 接龙-style text a leader pastes into the WeChat group, plus a QR code of the link. */
export async function shareKit(db: Db, id: string, user: { id: string; isOperator: boolean }, baseUrl: string, locale: Locale, roll: RollEntry[]) {
  const gb = await getGroupBuyDetail(db, id);
  if (!user.isOperator) await requireLeader(db, gb.communityId, user.id);
  const community = await getCommunity(db, gb.communityId);
  const [leader] = (await leadersOf(db, gb.communityId)).filter((l) => l.userId === gb.leaderId);
  const url = `${baseUrl}/g/${id}`;
  const tz = community.timeZone;
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, `share.${key}`, params);
  const itemLines = gb.items.flatMap((item, i) => [
    t('item', { n: i + 1, name: item.product.name, spec: item.product.spec, price: formatYuan(item.priceFen), unit: item.product.unit, listPrice: formatYuan(item.product.listPriceFen) }),
    t('itemLimit', { limit: item.perPersonLimit, stock: item.stockTotal }),
    ...(item.endorsement ? [t('endorsement', { leader: item.endorsement.leaderName, stars: '★'.repeat(item.endorsement.rating), story: item.endorsement.story.length > 40 ? `${item.endorsement.story.slice(0, 40)}…` : item.endorsement.story })] : []),
  ]);
  const lines = [
    t('header', { community: community.name, leader: leader ? `${leader.title ? `${leader.title}` : ''}${leader.name}` : '' }),
    t('title', { title: gb.title }),
    ...itemLines,
    t('cutoff', { time: formatInZone(gb.cutoffAt, tz, locale) }),
    t('pickup', { start: formatInZone(gb.pickupStartAt, tz, locale), end: formatInZone(gb.pickupEndAt, tz, locale), place: `${community.pickupPointName}（${community.pickupPointAddress}）` }),
    ...(gb.note ? [gb.note] : []),
    t('howto', { url }),
    ...(roll.length ? ['', t('roll'), ...roll.map((r) => rollLine(r))] : []),
  ];
  const qrDataUrl = await QRCode.toDataURL(url, { margin: 1, width: 320 });
  return { text: lines.join('\n'), url, qrDataUrl };
}

/** 「#12 李** 草莓×2 鸡蛋×1」 */
export const rollLine = (r: RollEntry) => `#${r.number} ${r.name} ${r.items.map((i) => `${i.name}×${i.quantity}`).join(' ')}`;

/** Proves every item's stock counter agrees with its movement log; a non-empty result is a bug. */
export async function reconcileStock(db: DbOrTx, groupBuyId?: string) {
  const res = (await db.execute(sql`
    select i.id, i.stock_total, i.stock_available, coalesce(sum(m.delta), 0)::int as moved
    from group_buy_items i left join stock_movements m on m.item_id = i.id
    ${groupBuyId ? sql`where i.group_buy_id = ${groupBuyId}` : sql``}
    group by i.id
    having i.stock_total + coalesce(sum(m.delta), 0) <> i.stock_available`)) as unknown as { rows: unknown[] };
  return res.rows as { id: string; stock_total: number; stock_available: number; moved: number }[];
}

/** How many units a resident holds of each item of a group buy (unpaid reservations included). */
export async function heldQuantities(db: DbOrTx, groupBuyId: string, userId: string): Promise<Map<string, number>> {
  const rows = await db.select({ itemId: groupBuyPurchases.itemId, q: groupBuyPurchases.quantity }).from(groupBuyPurchases)
    .where(and(eq(groupBuyPurchases.groupBuyId, groupBuyId), eq(groupBuyPurchases.userId, userId)));
  return new Map(rows.map((r) => [r.itemId, r.q]));
}

/** What make-to-order needs to know of closed group buys' items: who supplies, for which day, where. */
export async function closedItemSummaries(db: DbOrTx, groupBuyIds: string[]) {
  if (groupBuyIds.length === 0) return [];
  const res = (await db.execute(sql`
    select i.id as "itemId", gb.id as "groupBuyId", gb.community_id as "communityId", i.product_id as "productId", i.batch_id as "batchId",
      p.supplier_id as "supplierId", to_char(gb.pickup_start_at at time zone c.time_zone, 'YYYY-MM-DD') as "deliveryDate"
    from group_buy_items i join group_buys gb on gb.id = i.group_buy_id join products p on p.id = i.product_id join communities c on c.id = gb.community_id
    where gb.id in ${groupBuyIds}
    order by i.group_buy_id, i.position`)) as unknown as { rows: { itemId: string; groupBuyId: string; communityId: string; productId: string; batchId: string | null; supplierId: string | null; deliveryDate: string }[] };
  return res.rows;
}
