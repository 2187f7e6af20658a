// A leader's changes to his group buys: drafts (copies of earlier ones, saved and opened later)
// and changes to live ones (stock, items, prices, times, texts), each kept in group_buy_changes.
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../platform/db/client.js';
import { groupBuys, groupBuyItems, groupBuyDrafts, groupBuyChanges, type DraftContent, type GroupBuyChangeKind } from './schema.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/service.js';
import { formatInZone, zoneOffsetMs } from '../../platform/time.js';
import { getCommunity, requireLeader } from '../community/index.js';
import { requireSellableBatch } from '../quality/index.js';
import { forgetSoldOut, forgetSoldOutOfGroupBuy } from './sold-out.js';
import { checkItem, effectiveStatus, MAX_ITEMS, OPEN_LIMITS, requireOwnGroupBuy, type GroupBuy, type OpenItemInput } from './service.js';

const DAY = 86_400_000;

/**
 * The same local time of day as `at`, `dayShift` days after the local date of `today`: a copy's
 * cut-off at 20:00 yesterday becomes 20:00 tomorrow, its pickup the day after at the same hours.
 */
export function sameTimeOnDay(at: Date, today: Date, dayShift: number, timeZone: string): Date {
  const local = at.getTime() + zoneOffsetMs(at, timeZone);
  // Whole minutes: the leader's time pickers (and his neighbours) read minutes.
  const timeOfDay = Math.floor((((local % DAY) + DAY) % DAY) / 60_000) * 60_000;
  const todayLocal = today.getTime() + zoneOffsetMs(today, timeZone);
  const targetLocal = Math.floor(todayLocal / DAY) * DAY + dayShift * DAY + timeOfDay;
  // Local wall-clock back to an instant (the offset at the target, for zones with summer time).
  const guess = new Date(targetLocal - zoneOffsetMs(new Date(targetLocal), timeZone));
  return new Date(targetLocal - zoneOffsetMs(guess, timeZone));
}

const localDay = (d: Date, tz: string) => Math.floor((d.getTime() + zoneOffsetMs(d, tz)) / DAY);

/** Default times of a copy: the source's times of day, the cut-off tomorrow, the same day gaps after it. */
export function copiedTimes(gb: Pick<GroupBuy, 'cutoffAt' | 'pickupStartAt' | 'pickupEndAt'>, now: Date, timeZone: string) {
  const base = localDay(gb.cutoffAt, timeZone);
  const shift = (d: Date) => sameTimeOnDay(d, now, 1 + localDay(d, timeZone) - base, timeZone);
  return { cutoffAt: shift(gb.cutoffAt), pickupStartAt: shift(gb.pickupStartAt), pickupEndAt: shift(gb.pickupEndAt) };
}

export type Draft = typeof groupBuyDrafts.$inferSelect;

async function sellableOrNull(db: DbOrTx, productId: string, batchId: string | null) {
  if (!batchId) return null;
  try { return (await requireSellableBatch(db, productId, batchId)).id; } catch { return null; }
}

/** Copies any group buy of his community (any status) as a new draft with tomorrow's times. */
export async function copyToDraft(db: Db, groupBuyId: string, leaderId: string, now: Date): Promise<Draft> {
  const gb = await requireOwnGroupBuy(db, groupBuyId, leaderId);
  const { timeZone } = await getCommunity(db, gb.communityId);
  const items = await db.select().from(groupBuyItems).where(eq(groupBuyItems.groupBuyId, gb.id)).orderBy(asc(groupBuyItems.position));
  const times = copiedTimes(gb, now, timeZone);
  const content: DraftContent = {
    title: gb.title, note: gb.note, priorityMinutes: gb.priorityMinutes,
    cutoffAt: times.cutoffAt.toISOString(), pickupStartAt: times.pickupStartAt.toISOString(), pickupEndAt: times.pickupEndAt.toISOString(),
    items: [],
  };
  // The batch goes along only while it is still the approved one; else opening takes the current one.
  for (const i of items) content.items.push({ productId: i.productId, batchId: await sellableOrNull(db, i.productId, i.batchId), priceFen: i.priceFen, stockTotal: i.stockTotal, perPersonLimit: i.perPersonLimit });
  const [draft] = await db.insert(groupBuyDrafts).values({ communityId: gb.communityId, leaderId, sourceGroupBuyId: gb.id, content, createdAt: now, updatedAt: now }).returning();
  return draft;
}

function checkDraftContent(content: DraftContent) {
  if (content.items.length > MAX_ITEMS) throw badRequest('groupbuy.items_too_many', { max: MAX_ITEMS });
  if (new Set(content.items.map((i) => i.productId)).size !== content.items.length) throw badRequest('groupbuy.items_duplicate');
}

/** A draft saved from the new-group-buy screen. */
export async function createDraft(db: Db, communityId: string, leaderId: string, content: DraftContent, now: Date): Promise<Draft> {
  await requireLeader(db, communityId, leaderId);
  checkDraftContent(content);
  const [draft] = await db.insert(groupBuyDrafts).values({ communityId, leaderId, content, createdAt: now, updatedAt: now }).returning();
  return draft;
}

/** A draft, for a leader of its community (others: 403; a missing one: 404). */
export async function getDraft(db: DbOrTx, id: string, leaderId: string): Promise<Draft> {
  const [draft] = await db.select().from(groupBuyDrafts).where(eq(groupBuyDrafts.id, id));
  if (!draft) throw notFound('groupbuy.draft_not_found');
  await requireLeader(db, draft.communityId, leaderId);
  return draft;
}

/** Saves a draft as he left it (no rule but shape and limits: opening checks the rest). */
export async function saveDraft(db: Db, id: string, leaderId: string, content: DraftContent, now: Date): Promise<Draft> {
  const draft = await getDraft(db, id, leaderId);
  checkDraftContent(content);
  const [saved] = await db.update(groupBuyDrafts).set({ content, updatedAt: now })
    .where(and(eq(groupBuyDrafts.id, draft.id), isNull(groupBuyDrafts.openedGroupBuyId))).returning();
  if (!saved) throw conflict('groupbuy.draft_opened');
  return saved;
}

export async function deleteDraft(db: Db, id: string, leaderId: string) {
  const draft = await getDraft(db, id, leaderId);
  const gone = await db.delete(groupBuyDrafts).where(and(eq(groupBuyDrafts.id, draft.id), isNull(groupBuyDrafts.openedGroupBuyId))).returning({ id: groupBuyDrafts.id });
  if (gone.length === 0) throw conflict('groupbuy.draft_opened');
}

/** His community's drafts not yet opened, the last edited first. */
export async function listDrafts(db: Db, communityId: string, leaderId: string) {
  await requireLeader(db, communityId, leaderId);
  return db.select().from(groupBuyDrafts).where(and(eq(groupBuyDrafts.communityId, communityId), isNull(groupBuyDrafts.openedGroupBuyId)))
    .orderBy(desc(groupBuyDrafts.updatedAt)).limit(100);
}

// ---- live group buys -------------------------------------------------------------------------

/**
 * Locks a group buy for a change (FOR UPDATE: waits for orders in flight, which hold key-share
 * locks, and holds off new ones until the change commits) and checks the leader's right.
 */
export async function lockForChange(tx: Tx, id: string, leaderId: string): Promise<GroupBuy> {
  const [gb] = await tx.select().from(groupBuys).where(eq(groupBuys.id, id)).for('update');
  if (!gb) throw notFound('groupbuy.not_found');
  await requireLeader(tx, gb.communityId, leaderId);
  return gb;
}

/** Orders can still be placed: stock, items, prices and the cut-off may change. */
export function requireLive(gb: GroupBuy, now: Date) {
  const status = effectiveStatus(gb, now);
  if (status !== 'open' && status !== 'scheduled') throw conflict('groupbuy.not_live');
}

export async function recordChange(tx: Tx, gb: Pick<GroupBuy, 'id' | 'communityId'>, actorId: string, change: { kind: GroupBuyChangeKind; itemId?: string; before: Record<string, unknown>; after: Record<string, unknown>; public?: boolean; notifiedCount?: number; refundedFen?: number }, now: Date) {
  // Limits, prices, times, items: a refusal remembered from before may no longer be the answer.
  forgetSoldOutOfGroupBuy(gb.id);
  const [row] = await tx.insert(groupBuyChanges).values({
    communityId: gb.communityId, groupBuyId: gb.id, itemId: change.itemId ?? null, actorId, kind: change.kind,
    before: change.before, after: change.after, public: change.public ?? false, notifiedCount: change.notifiedCount ?? 0, refundedFen: change.refundedFen ?? 0, createdAt: now,
  }).returning();
  return row;
}

/** Counts buyers told and money refunded on a change once they are known. */
export async function completeChange(tx: Tx, changeId: string, figures: { notifiedCount: number; refundedFen?: number }) {
  await tx.update(groupBuyChanges).set({ notifiedCount: figures.notifiedCount, refundedFen: figures.refundedFen ?? 0 }).where(eq(groupBuyChanges.id, changeId));
}

export interface TimesChange { cutoffAt?: Date; pickupStartAt?: Date; pickupEndAt?: Date }

/**
 * New times. The cut-off: only while orders can be placed, in the future, after the opening, and
 * not after the pickup window starts. The pickup window: before the goods arrive, starting no
 * earlier than the cut-off, ending after it starts and in the future.
 */
export async function changeTimes(tx: Tx, gb: GroupBuy, actorId: string, input: TimesChange, now: Date) {
  const { timeZone } = await getCommunity(tx, gb.communityId);
  const cutoffAt = input.cutoffAt ?? gb.cutoffAt;
  const pickupStartAt = input.pickupStartAt ?? gb.pickupStartAt;
  const pickupEndAt = input.pickupEndAt ?? gb.pickupEndAt;
  const cutoffChanged = cutoffAt.getTime() !== gb.cutoffAt.getTime();
  const pickupChanged = pickupStartAt.getTime() !== gb.pickupStartAt.getTime() || pickupEndAt.getTime() !== gb.pickupEndAt.getTime();
  if (!cutoffChanged && !pickupChanged) throw badRequest('groupbuy.nothing_changed');
  if (cutoffChanged) {
    requireLive(gb, now);
    if (cutoffAt <= now) throw badRequest('groupbuy.cutoff_past');
    if (cutoffAt <= gb.opensAt) throw badRequest('groupbuy.cutoff_before_open', { opens: formatInZone(gb.opensAt, timeZone) });
  }
  if (pickupChanged && !['scheduled', 'open', 'closed'].includes(gb.status)) throw conflict('groupbuy.pickup_fixed');
  if (cutoffAt > pickupStartAt) {
    throw badRequest(cutoffChanged ? 'groupbuy.cutoff_after_pickup' : 'groupbuy.pickup_before_cutoff', { pickup: formatInZone(pickupStartAt, timeZone), cutoff: formatInZone(cutoffAt, timeZone) });
  }
  if (pickupEndAt <= pickupStartAt) throw badRequest('groupbuy.pickup_end_before_start');
  if (pickupChanged && pickupEndAt <= now) throw badRequest('groupbuy.pickup_past');
  await tx.update(groupBuys).set({
    cutoffAt, pickupStartAt, pickupEndAt,
    // A moved window is reminded of again.
    ...(pickupChanged ? { openReminderAt: null, endReminderAt: null } : {}),
  }).where(eq(groupBuys.id, gb.id));
  const iso = (d: Date) => d.toISOString();
  const before: Record<string, string> = {};
  const after: Record<string, string> = {};
  if (cutoffChanged) { before.cutoffAt = iso(gb.cutoffAt); after.cutoffAt = iso(cutoffAt); }
  if (pickupChanged) { Object.assign(before, { pickupStartAt: iso(gb.pickupStartAt), pickupEndAt: iso(gb.pickupEndAt) }); Object.assign(after, { pickupStartAt: iso(pickupStartAt), pickupEndAt: iso(pickupEndAt) }); }
  const change = await recordChange(tx, gb, actorId, { kind: 'times', before, after, public: true }, now);
  return { change, cutoffChanged, pickupChanged, cutoffAt, pickupStartAt, pickupEndAt, timeZone };
}

/** New title and/or note (备注). */
export async function changeTexts(tx: Tx, gb: GroupBuy, actorId: string, input: { title?: string; note?: string }, now: Date) {
  if (gb.status === 'cancelled') throw conflict('groupbuy.not_live');
  const title = input.title?.trim() ?? gb.title;
  const note = input.note?.trim() ?? gb.note;
  if (!title) throw badRequest('groupbuy.title_empty');
  if (title.length > OPEN_LIMITS.title || note.length > OPEN_LIMITS.note) throw badRequest('groupbuy.text_too_long');
  if (title === gb.title && note === gb.note) throw badRequest('groupbuy.nothing_changed');
  await tx.update(groupBuys).set({ title, note }).where(eq(groupBuys.id, gb.id));
  return recordChange(tx, gb, actorId, { kind: 'texts', before: { title: gb.title, note: gb.note }, after: { title, note } }, now);
}

/** The item row locked for a change (FOR UPDATE; the hot row, as checkout's stock update takes it). */
export async function lockItemForChange(tx: Tx, gb: GroupBuy, itemId: string) {
  const [item] = await tx.select().from(groupBuyItems).where(and(eq(groupBuyItems.id, itemId), eq(groupBuyItems.groupBuyId, gb.id))).for('update');
  if (!item) throw notFound('groupbuy.item_not_found');
  return item;
}

export type LockedItem = Awaited<ReturnType<typeof lockItemForChange>>;

/**
 * A new total stock. More: the added units go on sale (event `groupbuy.item_restocked`). Less:
 * never below what is taken (sold or held by unpaid orders, stock_total − stock_available); one
 * conditional UPDATE, so an order placed at the same moment can never be oversold.
 */
export async function setItemStock(tx: Tx, gb: GroupBuy, item: LockedItem, actorId: string, stockTotal: number, now: Date) {
  const delta = stockTotal - item.stockTotal;
  if (delta === 0) return null;
  if (stockTotal > OPEN_LIMITS.stock) throw badRequest('groupbuy.stock_too_large', { max: OPEN_LIMITS.stock });
  const [row] = await tx.update(groupBuyItems).set({ stockTotal, stockAvailable: sql`${groupBuyItems.stockAvailable} + ${delta}` })
    .where(and(eq(groupBuyItems.id, item.id), sql`${groupBuyItems.stockAvailable} + ${delta} >= 0`))
    .returning({ stockAvailable: groupBuyItems.stockAvailable });
  if (!row) {
    const taken = item.stockTotal - item.stockAvailable;
    throw conflict('groupbuy.stock_below_sold', { taken, asked: stockTotal });
  }
  if (delta > 0) {
    forgetSoldOut(item.id);
    await recordEvent(tx, { type: 'groupbuy.item_restocked', communityId: gb.communityId, actorId, subjectId: gb.id, payload: { itemId: item.id, addedQuantity: delta, stockAvailable: row.stockAvailable } });
  }
  return recordChange(tx, gb, actorId, { kind: delta > 0 ? 'stock_added' : 'stock_lowered', itemId: item.id, before: { stockTotal: item.stockTotal, stockAvailable: item.stockAvailable }, after: { stockTotal, stockAvailable: row.stockAvailable } }, now);
}

export async function setItemLimit(tx: Tx, gb: GroupBuy, item: LockedItem, actorId: string, perPersonLimit: number, now: Date) {
  if (perPersonLimit === item.perPersonLimit) return null;
  if (perPersonLimit < 1 || perPersonLimit > OPEN_LIMITS.perPersonLimit) throw badRequest('groupbuy.limit_invalid');
  await tx.update(groupBuyItems).set({ perPersonLimit }).where(eq(groupBuyItems.id, item.id));
  return recordChange(tx, gb, actorId, { kind: 'limit_changed', itemId: item.id, before: { perPersonLimit: item.perPersonLimit }, after: { perPersonLimit } }, now);
}

/** A new unit price for later buyers (the caller decides, with the orders, whether it may rise). */
export async function setItemPrice(tx: Tx, gb: GroupBuy, item: LockedItem, actorId: string, priceFen: number, now: Date) {
  if (priceFen < 1 || priceFen > OPEN_LIMITS.priceFen) throw badRequest('groupbuy.price_invalid');
  if (priceFen * item.perPersonLimit > OPEN_LIMITS.priceFen) throw badRequest('groupbuy.order_total_too_large', { max: OPEN_LIMITS.priceFen / 100 });
  await tx.update(groupBuyItems).set({ priceFen }).where(eq(groupBuyItems.id, item.id));
  const lower = priceFen < item.priceFen;
  return recordChange(tx, gb, actorId, { kind: lower ? 'price_lowered' : 'price_raised', itemId: item.id, before: { priceFen: item.priceFen }, after: { priceFen }, public: lower }, now);
}

/** Adds an item to a live group buy: the same rules as opening one (trial, batch, limits). */
export async function addItem(tx: Tx, gb: GroupBuy, actorId: string, input: OpenItemInput, now: Date, rights: { firstLaunch: boolean }) {
  const existing = await tx.select({ productId: groupBuyItems.productId, position: groupBuyItems.position }).from(groupBuyItems).where(eq(groupBuyItems.groupBuyId, gb.id));
  if (existing.length >= MAX_ITEMS) throw badRequest('groupbuy.items_too_many', { max: MAX_ITEMS });
  if (existing.some((e) => e.productId === input.productId)) throw badRequest('groupbuy.items_duplicate');
  const checked = await checkItem(tx, gb.communityId, input, now, rights);
  const position = Math.max(0, ...existing.map((e) => e.position)) + 1;
  const [item] = await tx.insert(groupBuyItems).values({
    communityId: gb.communityId, groupBuyId: gb.id, position, productId: input.productId, batchId: checked.batchId,
    priceFen: input.priceFen, stockTotal: input.stockTotal, stockAvailable: input.stockTotal, perPersonLimit: input.perPersonLimit,
  }).returning();
  await recordChange(tx, gb, actorId, { kind: 'item_added', itemId: item.id, before: {}, after: { productId: item.productId, productName: checked.productName, priceFen: item.priceFen, stockTotal: item.stockTotal, perPersonLimit: item.perPersonLimit } }, now);
  return item;
}

/** The changes of a group buy, newest first; `publicOnly` for its buyers (times, price drops). */
export async function listChanges(db: DbOrTx, groupBuyId: string, opts: { publicOnly: boolean }) {
  return db.select({
    id: groupBuyChanges.id, kind: groupBuyChanges.kind, itemId: groupBuyChanges.itemId, before: groupBuyChanges.before, after: groupBuyChanges.after,
    public: groupBuyChanges.public, notifiedCount: groupBuyChanges.notifiedCount, refundedFen: groupBuyChanges.refundedFen, createdAt: groupBuyChanges.createdAt,
    actorName: sql<string>`(select u.name from users u where u.id = group_buy_changes.actor_id)`,
    productName: sql<string | null>`(select p.name from group_buy_items i join products p on p.id = i.product_id where i.id = group_buy_changes.item_id)`,
  }).from(groupBuyChanges)
    .where(and(eq(groupBuyChanges.groupBuyId, groupBuyId), opts.publicOnly ? eq(groupBuyChanges.public, true) : undefined))
    .orderBy(desc(groupBuyChanges.createdAt), desc(groupBuyChanges.id)).limit(200);
}
