// Read-only facts about orders (baskets) and their lines, for measures, trust and after-sales.
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { notFound } from '../../platform/errors.js';

/**
 * Which lines count as bought: the line's order was paid and is not cancelled, and the line itself
 * is neither cancelled nor wholly refunded. An order (a basket) counts when one of its lines does.
 */
const COUNTED_LINE = sql.raw(`o.paid_at is not null and o.status <> 'cancelled'
  and l.status not in ('pending_payment', 'cancelled', 'refunded') and l.refunded_quantity < l.quantity`);

/** Money given back on a line: all of it when cancelled or refunded, else the refunded units. */
const LINE_REFUND_FEN = sql.raw(`case when l.status in ('cancelled', 'refunded') then l.total_fen
  else least(l.total_fen, l.refunded_quantity * l.unit_price_fen) end`);

/** Line statuses of goods that reached the pickup point. */
const AT_PICKUP = sql.raw(`('ready_for_pickup', 'picked_up', 'not_collected')`);

type Rows<T> = { rows: T[] };

export interface MonthlyOrderFacts {
  month: string;
  buyers: number;
  /** Paid orders (baskets) with a line that counts. */
  orders: number;
  /** Lines that count in those orders (claims are filed per line). */
  lines: number;
  gmvFen: number;
  refundsFen: number;
  repeatBuyers: number;
  previousBuyers: number;
  /** Orders with goods at the pickup point (handed over, waiting, or not collected). */
  readyOrHandedOver: number;
  /** Of those, orders whose every line at the pickup point was collected. */
  pickedUp: number;
}

/** Product and leader filters pick lines through the item's product and the group buy's leader. */
function lineScope(filter: { communityId?: string; leaderId?: string; productId?: string }): SQL {
  return sql`${filter.communityId ? sql`and l.community_id = ${filter.communityId}` : sql``}
    ${filter.leaderId ? sql`and gb.leader_id = ${filter.leaderId}` : sql``}
    ${filter.productId ? sql`and i.product_id = ${filter.productId}` : sql``}`;
}

/**
 * Per calendar month (in the community's zone): buyers, paid orders, GMV, refunds, repeat buyers
 * from the previous month and pickups. An order is one basket: its GMV is its lines' totals (the
 * order's total, or the matching lines' when filtered by product or leader) and its refunds are
 * its lines' refunds (TRUST.md §5). A resident counts once per month however many baskets she paid.
 */
export async function monthlyOrderFacts(db: DbOrTx, filter: { communityId?: string; leaderId?: string; productId?: string; from: Date; to: Date }): Promise<MonthlyOrderFacts[]> {
  const res = (await db.execute(sql`
    with line_facts as (
      select o.id as order_id, o.user_id, l.status, l.total_fen, ${LINE_REFUND_FEN} as refund_fen,
        (${COUNTED_LINE}) as counts,
        to_char(date_trunc('month', o.paid_at at time zone c.time_zone), 'YYYY-MM') as m,
        -- The first month reported, in the same zone: earlier ones are read only for repeat buyers.
        to_char(${filter.from}::timestamptz at time zone c.time_zone, 'YYYY-MM') as first_m
      from order_lines l
        join orders o on o.id = l.order_id
        join communities c on c.id = o.community_id
        join group_buy_items i on i.id = l.item_id
        join group_buys gb on gb.id = l.group_buy_id
      where o.paid_at is not null and o.status <> 'cancelled'
        and o.paid_at >= ${new Date(filter.from.getTime() - 31 * 86_400_000)} and o.paid_at < ${filter.to}
        ${lineScope(filter)}
    ),
    counted as (
      select order_id, min(user_id::text) as user_id, min(m) as m, min(first_m) as first_m,
        sum(total_fen)::bigint as gmv, sum(refund_fen)::bigint as refunds,
        count(*) filter (where counts)::int as lines,
        count(*) filter (where status in ${AT_PICKUP})::int as at_pickup,
        count(*) filter (where status in ('ready_for_pickup', 'not_collected'))::int as uncollected
      from line_facts group by order_id having bool_or(counts)
    ),
    reported as (select * from counted where m >= first_m),
    months as (select distinct m from reported),
    buyers as (select distinct m, user_id from counted)
    select mo.m as month,
      (select count(distinct user_id)::int from reported x where x.m = mo.m) as buyers,
      (select count(*)::int from reported x where x.m = mo.m) as orders,
      (select coalesce(sum(lines), 0)::int from reported x where x.m = mo.m) as lines,
      (select coalesce(sum(gmv), 0)::bigint from reported x where x.m = mo.m) as "gmvFen",
      (select coalesce(sum(refunds), 0)::bigint from reported x where x.m = mo.m) as "refundsFen",
      (select count(distinct b.user_id)::int from reported b where b.m = mo.m and exists (select 1 from buyers p where p.user_id = b.user_id and p.m = to_char(to_date(mo.m, 'YYYY-MM') - interval '1 month', 'YYYY-MM'))) as "repeatBuyers",
      (select count(*)::int from buyers p where p.m = to_char(to_date(mo.m, 'YYYY-MM') - interval '1 month', 'YYYY-MM')) as "previousBuyers",
      (select count(*)::int from reported x where x.m = mo.m and x.at_pickup > 0) as "readyOrHandedOver",
      (select count(*)::int from reported x where x.m = mo.m and x.at_pickup > 0 and x.uncollected = 0) as "pickedUp"
    from months mo order by mo.m`)) as unknown as Rows<MonthlyOrderFacts>;
  return res.rows.map((r) => ({ ...r, gmvFen: Number(r.gmvFen), refundsFen: Number(r.refundsFen) }));
}

/**
 * Facts about residents' buying, for behavioural tags (one aggregate query for many people).
 * Order counts and the average basket are per order; shares of kinds of products are per line.
 */
export async function residentBuyingFacts(db: DbOrTx, userIds: string[], now = new Date()) {
  if (userIds.length === 0) return new Map<string, Record<string, number | boolean>>();
  const res = (await db.execute(sql`
    with lines as (
      select o.id as order_id, o.user_id, o.paid_at, o.total_fen as order_total_fen, l.status, l.unit_price_fen,
        p.category, p.standards, p.list_price_fen, p.name
      from order_lines l
        join orders o on o.id = l.order_id
        join group_buy_items i on i.id = l.item_id
        join products p on p.id = i.product_id
      where l.user_id in ${userIds} and ${COUNTED_LINE}
    ),
    baskets as (
      select order_id, min(user_id::text) as user_id, min(paid_at) as paid_at, min(order_total_fen) as total_fen,
        bool_or(status = 'picked_up') as picked_up
      from lines group by order_id
    ),
    per_order as (
      select user_id, count(*)::int as paid_orders,
        count(*) filter (where paid_at > ${new Date(now.getTime() - 90 * 86_400_000)})::int as orders_90d,
        coalesce(avg(total_fen), 0)::float8 / 100 as avg_order_yuan,
        count(*) filter (where picked_up)::int as picked_up
      from baskets group by user_id
    ),
    per_line as (
      select user_id::text as user_id,
        coalesce(avg(case when category = 'fresh_produce' then 1 else 0 end), 0)::float8 as fresh_share,
        coalesce(avg(case when jsonb_array_length(standards) > 0 then 1 else 0 end), 0)::float8 as standards_share,
        coalesce(avg(unit_price_fen::float8 / nullif(list_price_fen, 0)), 0)::float8 as price_ratio,
        bool_or(name ~ '(辅食|宝宝|婴|儿童)') as bought_baby_food
      from lines group by user_id
    )
    select o.user_id as "userId", o.paid_orders, o.orders_90d, o.avg_order_yuan, l.fresh_share, l.standards_share, l.price_ratio,
      l.bought_baby_food, o.picked_up
    from per_order o join per_line l on l.user_id = o.user_id`)) as unknown as Rows<{ userId: string } & Record<string, number | boolean>>;
  return new Map(res.rows.map(({ userId, ...facts }) => [userId, { ...facts, bought_baby_food: Boolean(facts.bought_baby_food) }]));
}

/** Products a resident has bought (paid lines, not cancelled): in how many orders, and when last. */
export async function productsBoughtBy(db: DbOrTx, userId: string) {
  const res = (await db.execute(sql`
    select i.product_id as "productId", count(distinct o.id)::int as times, max(o.paid_at) as "lastAt"
    from order_lines l join orders o on o.id = l.order_id join group_buy_items i on i.id = l.item_id
    where l.user_id = ${userId} and o.paid_at is not null and o.status <> 'cancelled' and l.status not in ('pending_payment', 'cancelled')
    group by i.product_id`)) as unknown as Rows<{ productId: string; times: number; lastAt: Date | string }>;
  return new Map(res.rows.map((r) => [r.productId, { ...r, lastAt: new Date(r.lastAt) }]));
}

type CountFilter = { userId?: string; communityId?: string; batchId?: string };
function countScope(filter: CountFilter): SQL {
  return sql`${filter.userId ? sql`and l.user_id = ${filter.userId}` : sql``}
    ${filter.communityId ? sql`and l.community_id = ${filter.communityId}` : sql``}
    ${filter.batchId ? sql`and l.item_id in (select id from group_buy_items where batch_id = ${filter.batchId})` : sql``}`;
}

/**
 * Paid lines since a moment (not cancelled, not wholly refunded): the denominator of claim rates,
 * since a claim is filed on one line.
 */
export async function countPaidLines(db: DbOrTx, filter: CountFilter, since: Date): Promise<number> {
  const res = (await db.execute(sql`
    select count(*)::int as n from order_lines l join orders o on o.id = l.order_id
    where ${COUNTED_LINE} and o.paid_at >= ${since} ${countScope(filter)}`)) as unknown as Rows<{ n: number }>;
  return res.rows[0]?.n ?? 0;
}

export interface LineSummary {
  id: string;
  orderId: string;
  communityId: string;
  groupBuyId: string;
  itemId: string;
  batchId: string | null;
  userId: string;
  /** The basket's total: the rules may look at the whole order. */
  orderTotalFen: number;
  handoverId: string | null;
  groupNumber: number | null;
  quantity: number;
  refundedQuantity: number;
  unitPriceFen: number;
  totalFen: number;
  status: string;
  pickedUpAt: Date | null;
  title: string;
  productId: string;
  productName: string;
  spec: string;
  unit: string;
  imageUrls: string[];
  category: string;
}

/** What a claim page shows about its line, for the resident, her leader or an operator. */
export async function getLineSummary(db: DbOrTx, lineId: string): Promise<LineSummary> {
  const res = (await db.execute(sql`
    select l.id, l.order_id as "orderId", l.community_id as "communityId", l.group_buy_id as "groupBuyId", l.item_id as "itemId",
      i.batch_id as "batchId", l.user_id as "userId", o.total_fen as "orderTotalFen", l.handover_id as "handoverId", l.group_number as "groupNumber",
      l.quantity, l.refunded_quantity as "refundedQuantity", l.unit_price_fen as "unitPriceFen", l.total_fen as "totalFen",
      l.status, l.picked_up_at as "pickedUpAt", gb.title, p.id as "productId", p.name as "productName", p.spec, p.unit,
      p.image_urls as "imageUrls", p.category
    from order_lines l join orders o on o.id = l.order_id join group_buys gb on gb.id = l.group_buy_id
      join group_buy_items i on i.id = l.item_id join products p on p.id = i.product_id
    where l.id = ${lineId}`)) as unknown as Rows<LineSummary>;
  const row = res.rows[0];
  if (!row) throw notFound('order.not_found');
  return { ...row, pickedUpAt: row.pickedUpAt ? new Date(row.pickedUpAt) : null };
}

/**
 * What an NPS answer about an order may name: whose order it is, whether any of its lines was
 * collected, and the products and leaders of its lines.
 */
export async function orderFeedbackFacts(db: DbOrTx, orderId: string) {
  const res = (await db.execute(sql`
    select o.user_id as "userId", o.community_id as "communityId",
      coalesce(bool_or(l.status = 'picked_up'), false) as "pickedUp",
      coalesce(array_agg(distinct i.product_id::text) filter (where l.status = 'picked_up'), '{}') as "productIds",
      coalesce(array_agg(distinct gb.leader_id::text) filter (where l.status = 'picked_up'), '{}') as "leaderIds"
    from orders o left join order_lines l on l.order_id = o.id left join group_buy_items i on i.id = l.item_id
      left join group_buys gb on gb.id = l.group_buy_id
    where o.id = ${orderId} group by o.id`)) as unknown as Rows<{ userId: string; communityId: string; pickedUp: boolean; productIds: string[]; leaderIds: string[] }>;
  return res.rows[0] ?? null;
}

/** Residents with a paid order since a moment (survey sampling frames). */
export async function recentBuyerIds(db: DbOrTx, since: Date): Promise<string[]> {
  const res = (await db.execute(sql`
    select distinct o.user_id as "userId" from order_lines l join orders o on o.id = l.order_id
    where ${COUNTED_LINE} and o.paid_at >= ${since}`)) as unknown as Rows<{ userId: string }>;
  return res.rows.map((r) => r.userId);
}
