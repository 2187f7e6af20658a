// A leader changes a live group buy (stock, items, price, times, texts) and opens his drafts.
// Each change is one transaction: the change, its record in group_buy_changes, the refunds of a
// price drop (through the refund outbox, sent after commit) and the notices to the buyers affected.
//
// Lock order: group_buys (FOR UPDATE: waits for orders in flight, which hold key-share locks, and
// holds new ones off) → group_buy_items (FOR UPDATE) → order_lines → payments. Checkout takes
// group_buys first too, so the two never wait on each other in a circle.
import type { Db, Tx } from '../platform/db/client.js';
import { badRequest, conflict } from '../platform/errors.js';
import { inTransaction } from '../platform/events/service.js';
import { formatYuan } from '../platform/money.js';
import { formatInZone } from '../platform/time.js';
import { translate } from '../platform/i18n.js';
import * as groupbuy from '../modules/groupbuy/index.js';
import * as orders from '../modules/orders/index.js';
import * as payments from '../modules/payments/index.js';
import type { PaymentProvider } from '../modules/payments/index.js';
import { notify, type Notice } from '../modules/notifications/index.js';
import { hasFirstLaunchRights } from '../modules/trust/index.js';
import { requireCampaignFirstLaunch } from './open-group-buy.js';
import { getProduct } from '../modules/catalog/index.js';

export type GroupBuyChange =
  | { kind: 'times'; cutoffAt?: Date; pickupStartAt?: Date; pickupEndAt?: Date }
  | { kind: 'texts'; title?: string; note?: string }
  | { kind: 'item'; itemId: string; stockTotal?: number; priceFen?: number; perPersonLimit?: number }
  | { kind: 'add_item'; item: groupbuy.OpenItemInput };

const zh = (key: string, params: Record<string, unknown> = {}) => translate('zh-CN', key, params);

/** Refund key of a price drop: one per line and new price (a line's price only ever falls). */
export const priceDropKey = (lineId: string, toFen: number) => `price_drop:${lineId}:${toFen}`;

/** Owes each re-priced line its difference; returns the keys to send and the sums per buyer. */
async function owePriceDrops(tx: Tx, lines: orders.RepricedLine[]) {
  const keys: string[] = [];
  const perBuyer = new Map<string, { refundFen: number; orderId: string; toFen: number }>();
  for (const l of lines) {
    const refundKey = priceDropKey(l.lineId, l.toFen);
    await payments.requestRefund(tx, { orderId: l.orderId, lineId: l.lineId, amountFen: l.refundFen, refundKey, reason: 'price_drop' });
    keys.push(refundKey);
    const b = perBuyer.get(l.userId) ?? { refundFen: 0, orderId: l.orderId, toFen: l.toFen };
    b.refundFen += l.refundFen;
    perBuyer.set(l.userId, b);
  }
  return { keys, perBuyer };
}

/** One change to a live group buy by its leader. Returns the group buy as it now stands. */
export async function changeGroupBuy(db: Db, provider: PaymentProvider, groupBuyId: string, leaderId: string, change: GroupBuyChange, now = new Date()) {
  if (change.kind === 'add_item') {
    const gb = await groupbuy.getGroupBuy(db, groupBuyId);
    // Someone else's group buy is refused as such below, not by a campaign.
    if (gb.leaderId === leaderId) await requireCampaignFirstLaunch(db, gb.communityId, leaderId, [change.item.productId], now);
  }
  const rights = change.kind === 'add_item' ? { firstLaunch: await hasFirstLaunchRights(db, leaderId) } : { firstLaunch: false };
  const refundKeys = await inTransaction(db, async (tx) => {
    const gb = await groupbuy.lockForChange(tx, groupBuyId, leaderId);
    if (change.kind === 'texts') {
      await groupbuy.changeTexts(tx, gb, leaderId, change, now);
      return [];
    }
    if (change.kind === 'times') {
      const done = await groupbuy.changeTimes(tx, gb, leaderId, change, now);
      const changes: [string, Record<string, string>][] = [
        ...(done.cutoffChanged ? [['cutoff', { time: formatInZone(done.cutoffAt, done.timeZone) }] as [string, Record<string, string>]] : []),
        ...(done.pickupChanged ? [['pickup', { start: formatInZone(done.pickupStartAt, done.timeZone), end: formatInZone(done.pickupEndAt, done.timeZone) }] as [string, Record<string, string>]] : []),
      ];
      const summary = changes.map(([k, p]) => zh(`notices.change_parts.${k}`, p)).join('；');
      const buyers = await orders.buyersOfGroupBuy(tx, gb.id);
      // `changes` lets each reader get the summary in her language; `summary` is the stored Chinese text.
      const sent = await notify(tx, buyers.map((userId): Notice => ({ userId, communityId: gb.communityId, kind: 'group_buy_changed', params: { title: gb.title, summary, changes: JSON.stringify(changes) }, link: `/g/${gb.id}` })));
      await groupbuy.completeChange(tx, done.change.id, { notifiedCount: sent });
      return [];
    }
    groupbuy.requireLive(gb, now);
    if (change.kind === 'add_item') {
      await groupbuy.addItem(tx, gb, leaderId, change.item, now, rights);
      return [];
    }
    const item = await groupbuy.lockItemForChange(tx, gb, change.itemId);
    if (change.stockTotal === undefined && change.priceFen === undefined && change.perPersonLimit === undefined) throw badRequest('groupbuy.nothing_changed');
    let keys: string[] = [];
    if (change.priceFen !== undefined && change.priceFen !== item.priceFen) {
      if (change.priceFen > item.priceFen && await orders.itemHasOrders(tx, item.id)) {
        throw conflict('groupbuy.price_rise_with_orders', { price: formatYuan(item.priceFen) });
      }
      const record = await groupbuy.setItemPrice(tx, gb, item, leaderId, change.priceFen, now);
      if (change.priceFen < item.priceFen) {
        const repriced = await orders.repricePaidLines(tx, item.id, change.priceFen);
        const owed = await owePriceDrops(tx, repriced);
        keys = owed.keys;
        const product = await productName(tx, item.productId);
        const price = formatYuan(change.priceFen);
        const notices: Notice[] = [...owed.perBuyer].map(([userId, b]) => ({ userId, communityId: gb.communityId, kind: 'price_drop_refund', params: { product, price, amount: formatYuan(b.refundFen) }, link: `/orders/${b.orderId}` }));
        // Unpaid orders keep the price they were placed at; the difference comes back when paid.
        for (const p of await orders.pendingBuyersAbove(tx, item.id, change.priceFen)) {
          if (owed.perBuyer.has(p.userId)) continue;
          notices.push({ userId: p.userId, communityId: gb.communityId, kind: 'price_drop_pending', params: { product, price, amount: formatYuan((p.fromFen - change.priceFen) * p.units) }, link: `/g/${gb.id}` });
        }
        const sent = await notify(tx, notices);
        await groupbuy.completeChange(tx, record.id, { notifiedCount: sent, refundedFen: repriced.reduce((s, l) => s + l.refundFen, 0) });
      }
    }
    if (change.perPersonLimit !== undefined) await groupbuy.setItemLimit(tx, gb, item, leaderId, change.perPersonLimit, now);
    if (change.stockTotal !== undefined) await groupbuy.setItemStock(tx, gb, item, leaderId, change.stockTotal, now);
    return keys;
  });
  if (refundKeys.length) await payments.sendPendingRefunds(db, provider, { refundKeys }, now);
  return groupbuy.getGroupBuyDetail(db, groupBuyId, now);
}

async function productName(tx: Tx, productId: string) {
  return (await getProduct(tx, productId)).name;
}

/**
 * Inside a payment's transaction, after the order is paid and its money held: lines placed before
 * their item's price was lowered are re-priced and the difference is owed back. Returns the keys.
 */
export async function refundPriceDropsOnPayment(tx: Tx, orderId: string): Promise<string[]> {
  const repriced = await orders.repriceOrderToCurrent(tx, orderId);
  if (repriced.length === 0) return [];
  return (await owePriceDrops(tx, repriced)).keys;
}

/**
 * Opens a draft now (no `opensAt`, or one already passed) or at `opensAt` (scheduled): every rule
 * of opening a group buy holds (the leader's trial, an approved batch, first-launch rights by trust,
 * times in the future), and a draft opens once.
 */
export async function openDraft(db: Db, draftId: string, leaderId: string, opensAt: Date | undefined, now = new Date()) {
  const draft = await groupbuy.getDraft(db, draftId, leaderId);
  if (draft.openedGroupBuyId) throw conflict('groupbuy.draft_opened');
  const c = draft.content;
  if (opensAt && opensAt.getTime() < now.getTime() - 60_000) throw badRequest('groupbuy.opens_past');
  await requireCampaignFirstLaunch(db, draft.communityId, leaderId, c.items.map((i) => i.productId), now);
  const firstLaunch = await hasFirstLaunchRights(db, leaderId);
  return groupbuy.openGroupBuy(db, draft.communityId, leaderId, {
    title: c.title, note: c.note, priorityMinutes: c.priorityMinutes, opensAt: opensAt && opensAt > now ? opensAt : undefined,
    cutoffAt: new Date(c.cutoffAt), pickupStartAt: new Date(c.pickupStartAt), pickupEndAt: new Date(c.pickupEndAt),
    items: c.items.map((i) => ({ productId: i.productId, ...(i.batchId ? { batchId: i.batchId } : {}), priceFen: i.priceFen, stockTotal: i.stockTotal, perPersonLimit: i.perPersonLimit })),
  }, now, { firstLaunch }, { draftId: draft.id });
}
