import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { orders } from '../orders/schema.js';
import { groupBuys } from '../groupbuy/schema.js';
import { products } from '../catalog/schema.js';
import { users } from '../identity/schema.js';
import { badRequest, conflict, notFound } from '../../shared/errors.js';
import { requireLeader, getCommunity } from '../community/service.js';
import { inTransaction, recordEvent } from '../events/service.js';
import { maskPhone } from '../identity/service.js';
import { settleOnPickup } from '../payments/service.js';
import { formatInZone } from '../../shared/time.js';
import { currentCommissionRate } from '../trust/leader-index.service.js';
import { translate } from '../../shared/i18n.js';

const CODE_RE = /^\d{8}$/;
/** Goods are handed over only once they reached the pickup point (recorded delivery or the leader's arrival notice). */
const PICKABLE = ['ready_for_pickup'] as const;

function normalizeCode(raw: string): string {
  // A scanned QR carries the whole pickup URL; a typed code may contain spaces.
  const fromUrl = raw.match(/[?&]code=(\d{8})/);
  const code = fromUrl ? fromUrl[1] : raw.replace(/\s/g, '');
  if (!CODE_RE.test(code)) throw badRequest('pickup.code_invalid');
  return code;
}

const pickupView = {
  id: orders.id, pickupCode: orders.pickupCode, quantity: orders.quantity, totalFen: orders.totalFen, status: orders.status,
  pickedUpAt: orders.pickedUpAt, groupBuyId: orders.groupBuyId, title: groupBuys.title, productName: products.name,
  spec: products.spec, unit: products.unit, residentName: users.name, phone: users.phone,
};

type PickupRow = { phone: string; residentName: string } & Record<string, unknown>;
const hidePhone = <T extends PickupRow>({ phone, ...r }: T) => ({ ...r, residentName: r.residentName || maskPhone(phone), phoneMasked: maskPhone(phone) });

/** The leader types or scans a code: shows whose order it is and what to hand over. */
export async function lookupPickup(db: Db, communityId: string, leaderId: string, rawCode: string) {
  await requireLeader(db, communityId, leaderId);
  const code = normalizeCode(rawCode);
  const [row] = await db.select(pickupView).from(orders)
    .innerJoin(groupBuys, eq(groupBuys.id, orders.groupBuyId)).innerJoin(products, eq(products.id, groupBuys.productId))
    .innerJoin(users, eq(users.id, orders.userId))
    .where(and(eq(orders.communityId, communityId), eq(orders.pickupCode, code)));
  if (!row) throw notFound('pickup.not_found');
  return hidePhone(row);
}

/** 核销: hands over one order. A code verifies once; the held money is then settled. */
export async function verifyPickup(db: Db, communityId: string, leaderId: string, rawCode: string, now = new Date()) {
  await requireLeader(db, communityId, leaderId);
  const code = normalizeCode(rawCode);
  // The leader's tier (from his trust index) sets his commission; base rate until his first reading.
  const commissionRate = await currentCommissionRate(db, leaderId);
  const done = await inTransaction(db, async (tx) => {
    const [order] = await tx.update(orders).set({ status: 'picked_up', pickedUpAt: now, pickedUpBy: leaderId })
      .where(and(eq(orders.communityId, communityId), eq(orders.pickupCode, code), inArray(orders.status, [...PICKABLE]))).returning();
    if (!order) return null;
    await settleOnPickup(tx, order.id, leaderId, commissionRate, now);
    await recordEvent(tx, { type: 'order.picked_up', communityId, actorId: leaderId, subjectId: order.id, payload: { groupBuyId: order.groupBuyId, residentId: order.userId, quantity: order.quantity, totalFen: order.totalFen } });
    return order;
  });
  if (!done) {
    const [existing] = await db.select({ status: orders.status, pickedUpAt: orders.pickedUpAt }).from(orders)
      .where(and(eq(orders.communityId, communityId), eq(orders.pickupCode, code)));
    if (!existing) throw notFound('pickup.not_found');
    if (existing.status === 'picked_up' && existing.pickedUpAt) {
      const community = await getCommunity(db, communityId);
      throw conflict('pickup.already_picked_up', { time: formatInZone(existing.pickedUpAt, community.timeZone) });
    }
    throw conflict('pickup.not_ready', { status: translate('zh-CN', `order_status.${existing.status}`) });
  }
  return lookupPickup(db, communityId, leaderId, code);
}

/** Who has not picked up yet, grouped by resident, for the busy morning at the pickup point. */
export async function pendingPickups(db: Db, communityId: string, leaderId: string) {
  await requireLeader(db, communityId, leaderId);
  const rows = await db.select(pickupView).from(orders)
    .innerJoin(groupBuys, eq(groupBuys.id, orders.groupBuyId)).innerJoin(products, eq(products.id, groupBuys.productId))
    .innerJoin(users, eq(users.id, orders.userId))
    .where(and(eq(orders.communityId, communityId), inArray(orders.status, ['confirmed', 'ready_for_pickup'])))
    .orderBy(asc(users.name), asc(orders.createdAt));
  const [{ pickedToday }] = await db.select({ pickedToday: sql<number>`count(*)::int` }).from(orders)
    .where(and(eq(orders.communityId, communityId), eq(orders.status, 'picked_up'), sql`${orders.pickedUpAt} > now() - interval '24 hours'`));
  // The code is the resident's proof of hand-over, so the leader's list never shows it.
  return { items: rows.map(({ pickupCode: _code, ...r }) => hidePhone(r)), pickedUpLast24h: pickedToday };
}
