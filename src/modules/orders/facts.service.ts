// Read-only facts about orders for measures, trust and after-sales.
import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { randomInt } from 'node:crypto';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { orders, type OrderStatus } from './schema.js';
import { groupBuys, groupBuyPurchases, stockMovements, type GroupBuyStatus } from '../groupbuy/schema.js';
import { users } from '../identity/schema.js';
import { products } from '../catalog/schema.js';
import { badRequest, conflict, forbidden, notFound } from '../../shared/errors.js';
import { inTransaction, recordEvent } from '../events/service.js';
import * as groupbuy from '../groupbuy/service.js';
import { maskPhone } from '../identity/service.js';
import { levelsOf } from '../trust/service.js';


export interface MonthlyOrderFacts {
  month: string;
  buyers: number;
  orders: number;
  gmvFen: number;
  refundsFen: number;
  repeatBuyers: number;
  previousBuyers: number;
  readyOrHandedOver: number;
  pickedUp: number;
}

/**
 * Per calendar month (in the community's zone): buyers, paid orders, GMV, refunds, repeat buyers
 * from the previous month and pickups. An order counts when paid and neither cancelled nor fully
 * refunded (TRUST.md §5).
 */
export async function monthlyOrderFacts(db: DbOrTx, filter: { communityId?: string; leaderId?: string; productId?: string; from: Date; to: Date }): Promise<MonthlyOrderFacts[]> {
  const res = (await db.execute(sql`
    with counted as (
      select o.user_id, o.total_fen, o.refunded_quantity * o.unit_price_fen as refunded_fen, o.status,
        to_char(date_trunc('month', o.paid_at at time zone c.time_zone), 'YYYY-MM') as m
      from orders o join communities c on c.id = o.community_id join group_buys gb on gb.id = o.group_buy_id
      where o.paid_at is not null and o.status <> 'cancelled' and o.refunded_quantity < o.quantity
        and o.paid_at >= ${new Date(filter.from.getTime() - 31 * 86_400_000)} and o.paid_at < ${filter.to}
        ${filter.communityId ? sql`and o.community_id = ${filter.communityId}` : sql``}
        ${filter.leaderId ? sql`and gb.leader_id = ${filter.leaderId}` : sql``}
        ${filter.productId ? sql`and gb.product_id = ${filter.productId}` : sql``}
    ),
    months as (select distinct m from counted),
    buyers as (select distinct m, user_id from counted)
    select mo.m as month,
      (select count(distinct user_id)::int from counted x where x.m = mo.m) as buyers,
      (select count(*)::int from counted x where x.m = mo.m) as orders,
      (select coalesce(sum(total_fen), 0)::bigint from counted x where x.m = mo.m) as "gmvFen",
      (select coalesce(sum(refunded_fen), 0)::bigint from counted x where x.m = mo.m) as "refundsFen",
      (select count(*)::int from buyers b where b.m = mo.m and exists (select 1 from buyers p where p.user_id = b.user_id and p.m = to_char(to_date(mo.m, 'YYYY-MM') - interval '1 month', 'YYYY-MM'))) as "repeatBuyers",
      (select count(*)::int from buyers p where p.m = to_char(to_date(mo.m, 'YYYY-MM') - interval '1 month', 'YYYY-MM')) as "previousBuyers",
      (select count(*)::int from counted x where x.m = mo.m and x.status in ('ready_for_pickup', 'picked_up')) as "readyOrHandedOver",
      (select count(*)::int from counted x where x.m = mo.m and x.status = 'picked_up') as "pickedUp"
    from months mo order by mo.m`)) as unknown as { rows: MonthlyOrderFacts[] };
  const fromMonth = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(filter.from).slice(0, 7);
  return res.rows.filter((r) => r.month >= fromMonth).map((r) => ({ ...r, gmvFen: Number(r.gmvFen), refundsFen: Number(r.refundsFen) }));
}

/** Facts about residents' buying, for behavioural tags (one aggregate query for many people). */
export async function residentBuyingFacts(db: DbOrTx, userIds: string[], now = new Date()) {
  if (userIds.length === 0) return new Map<string, Record<string, number | boolean>>();
  const res = (await db.execute(sql`
    select o.user_id as "userId",
      count(*)::int as paid_orders,
      count(*) filter (where o.paid_at > ${new Date(now.getTime() - 90 * 86_400_000)})::int as orders_90d,
      coalesce(avg(o.total_fen), 0)::float8 / 100 as avg_order_yuan,
      coalesce(avg(case when p.category = 'fresh_produce' then 1 else 0 end), 0)::float8 as fresh_share,
      coalesce(avg(case when jsonb_array_length(p.standards) > 0 then 1 else 0 end), 0)::float8 as standards_share,
      coalesce(avg(o.unit_price_fen::float8 / nullif(p.list_price_fen, 0)), 0)::float8 as price_ratio,
      bool_or(p.name ~ '(辅食|宝宝|婴|儿童)') as bought_baby_food,
      count(*) filter (where o.status = 'picked_up')::int as picked_up
    from orders o join group_buys gb on gb.id = o.group_buy_id join products p on p.id = gb.product_id
    where o.user_id in ${userIds} and o.paid_at is not null and o.status <> 'cancelled' and o.refunded_quantity < o.quantity
    group by o.user_id`)) as unknown as { rows: ({ userId: string } & Record<string, number | boolean>)[] };
  return new Map(res.rows.map(({ userId, ...facts }) => [userId, { ...facts, bought_baby_food: Boolean(facts.bought_baby_food) }]));
}

/** Products a resident has bought (paid, not cancelled), with how often and when last. */
export async function productsBoughtBy(db: DbOrTx, userId: string) {
  const rows = await db.select({ productId: groupBuys.productId, times: sql<number>`count(*)::int`, lastAt: sql<Date>`max(${orders.paidAt})` })
    .from(orders).innerJoin(groupBuys, eq(groupBuys.id, orders.groupBuyId))
    .where(and(eq(orders.userId, userId), sql`${orders.paidAt} is not null`, sql`${orders.status} <> 'cancelled'`))
    .groupBy(groupBuys.productId);
  return new Map(rows.map((r) => [r.productId, r]));
}

/** Paid orders (not cancelled, not wholly refunded) since a moment, for claim-rate facts. */
export async function countPaidOrders(db: DbOrTx, filter: { userId?: string; communityId?: string; batchId?: string }, since: Date): Promise<number> {
  const conditions = [inArray(orders.status, ACTIVE_PAID), gte(orders.paidAt, since)];
  if (filter.userId) conditions.push(eq(orders.userId, filter.userId));
  if (filter.communityId) conditions.push(eq(orders.communityId, filter.communityId));
  if (filter.batchId) conditions.push(sql`${orders.groupBuyId} in (select id from group_buys where batch_id = ${filter.batchId})`);
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(orders).where(and(...conditions));
  return n;
}

/** What a claim page shows about its order, for the resident, her leader or an operator. */
export async function getOrderSummary(db: DbOrTx, orderId: string) {
  const [row] = await db.select({
    id: orders.id, quantity: orders.quantity, refundedQuantity: orders.refundedQuantity, unitPriceFen: orders.unitPriceFen, totalFen: orders.totalFen,
    status: orders.status, pickedUpAt: orders.pickedUpAt, title: groupBuys.title, productName: products.name, spec: products.spec, unit: products.unit,
    imageUrls: products.imageUrls, category: products.category,
  }).from(orders).innerJoin(groupBuys, eq(groupBuys.id, orders.groupBuyId)).innerJoin(products, eq(products.id, groupBuys.productId)).where(eq(orders.id, orderId));
  if (!row) throw notFound('order.not_found');
  return row;
}

/** Residents with a paid order since a moment (survey sampling frames). */
export async function recentBuyerIds(db: DbOrTx, since: Date): Promise<string[]> {
  const rows = await db.selectDistinct({ userId: orders.userId }).from(orders).where(and(inArray(orders.status, ACTIVE_PAID), gte(orders.paidAt, since)));
  return rows.map((r) => r.userId);
}

