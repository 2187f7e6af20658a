/**
 * Cut-off aggregation at scale: 100,000 paid orders (baskets of 1–3 lines) in 1,000 closed group
 * buys of three items each, across 500 communities and 20 suppliers, aggregated into purchase-order
 * lines (one per item) by the real consumer.
 */
import pg from 'pg';
import { openAppDatabase } from '../src/db/open.js';
import { aggregateClosedGroupBuys } from '../src/modules/fulfilment/purchase-orders.service.js';

export interface AggregationResult {
  orders: number; orderLines: number; groupBuys: number; items: number; itemsPerGroupBuy: number; communities: number; suppliers: number;
  seconds: number; transactions: number; lines: number; purchaseOrders: number;
  peakRssMb: number; baselineRssMb: number; sumsAgree: boolean;
}

const PAID = `('paid','confirmed','ready_for_pickup','picked_up','not_collected')`;

export async function aggregationScenario(url: string, communities = 500, ordersPerCommunity = 200, suppliers = 20, itemsPerGroupBuy = 3): Promise<AggregationResult> {
  const raw = new pg.Pool({ connectionString: url, max: 2 });
  const q = (text: string, params: unknown[] = []) => raw.query(text, params);
  await q(`insert into users (phone, name) select '16' || lpad(i::text, 9, '0'), '居民' || i from generate_series(1, $1) i`, [communities * ordersPerCommunity]);
  await q(`insert into users (phone, name, is_operator) values ('16999999999', '运营', true)`);
  await q(`insert into suppliers (company_name, credit_code, contact_name, contact_phone, address, region, status, created_by)
    select '供应商' || i, '91BENCH' || lpad(i::text, 11, '0'), '联系人', '13000000000', '地址', '产地', 'approved', (select id from users where phone = '16999999999')
    from generate_series(1, $1) i`, [suppliers]);
  // Three products per supplier.
  await q(`insert into products (name, spec, unit, origin, list_price_fen, supplier_id, category)
    select '商品' || lpad(row_number() over ()::text, 4, '0'), '规格', '份', '产地', 3000, s.id, 'fresh_produce'
    from suppliers s cross join generate_series(1, 3) k where s.credit_code like '91BENCH%'`);
  await q(`insert into communities (name, address, invite_code)
    select '小区' || i, '地址', 'bench' || i from generate_series(1, $1) i`, [communities]);
  await q(`insert into pickup_points (community_id, name, address, hours) select id, '驿站', '1 楼', '08:00-20:00' from communities where invite_code like 'bench%'`);
  // Two closed group buys per community (two delivery days), each of `itemsPerGroupBuy` distinct products.
  await q(`insert into group_buys (community_id, leader_id, title, opens_at, cutoff_at, pickup_start_at, pickup_end_at, status, closed_at)
    select c.id, (select id from users where phone = '16999999999'), 'bench团' || c.rn || '-' || k,
      now() - interval '2 days', now() - interval '1 hour', now() + (k || ' days')::interval, now() + (k || ' days')::interval + interval '8 hours', 'closed', now()
    from (select id, row_number() over (order by name) as rn from communities where invite_code like 'bench%') c
    cross join generate_series(1, 2) k`);
  await q(`insert into group_buy_items (community_id, group_buy_id, position, product_id, price_fen, stock_total, stock_available, per_person_limit)
    select g.community_id, g.id, j, p.id, 2000 + 500 * j, 100000, 100000, 5
    from (select id, community_id, row_number() over (order by id) as rn from group_buys where title like 'bench团%') g
    cross join generate_series(1, $2::int) j
    join (select id, row_number() over (order by name) - 1 as rn from products where name like '商品%') p on p.rn = ((g.rn - 1) * $2::int + j - 1) % $1`, [suppliers * 3, itemsPerGroupBuy]);
  // Each resident pays one basket in one of her community's two group buys: the first item always,
  // the second for two residents in three, the third for one in five; quantities 1–3. A few lines
  // were partly refunded and a few cancelled (neither counts).
  await q(`create table bench_plan as
    with gb as (select id, community_id, row_number() over (partition by community_id order by id) as k from group_buys where title like 'bench团%'),
      cm as (select id, row_number() over (order by name) as rn from communities where invite_code like 'bench%'),
      u as (select id, row_number() over (order by phone) as n from users where phone like '16%' and phone <> '16999999999')
    select gen_random_uuid() as order_id, u.n, u.id as user_id, cm.id as community_id, gb.id as group_buy_id
    from u join cm on cm.rn = ((u.n - 1) / $1) + 1 join gb on gb.community_id = cm.id and gb.k = 1 + (u.n % 2)`, [ordersPerCommunity]);
  await q(`create table bench_lines as
    select p.order_id, p.community_id, p.group_buy_id, i.id as item_id, p.user_id, 1 + ((p.n + i.position) % 3) as quantity, i.price_fen,
      case when p.n % 97 = 0 and i.position = 1 then 'cancelled' else 'confirmed' end as status,
      case when p.n % 50 = 0 and 1 + ((p.n + i.position) % 3) > 1 then 1 else 0 end as refunded
    from bench_plan p join group_buy_items i on i.group_buy_id = p.group_buy_id
    where i.position = 1 or (i.position = 2 and p.n % 3 <> 0) or (i.position = 3 and p.n % 5 = 0)`);
  await q(`insert into orders (id, community_id, user_id, idempotency_key, total_fen, status, payment_due_at, paid_at)
    select p.order_id, p.community_id, p.user_id, 'bench-' || p.n, t.total, 'paid', now(), now()
    from bench_plan p join (select order_id, sum(quantity * price_fen)::int as total from bench_lines group by order_id) t on t.order_id = p.order_id`);
  await q(`insert into order_lines (order_id, community_id, group_buy_id, item_id, user_id, quantity, refunded_quantity, unit_price_fen, total_fen, status, paid_at, cancelled_at)
    select order_id, community_id, group_buy_id, item_id, user_id, quantity, refunded, price_fen, price_fen * quantity, status, now(), case when status = 'cancelled' then now() end
    from bench_lines`);
  await q('drop table bench_plan; drop table bench_lines');
  await q(`insert into domain_events (type, community_id, subject_id, payload) select 'groupbuy.closed', community_id, id, '{}'::jsonb from group_buys where title like 'bench团%'`);
  const [{ n: orders }] = (await q(`select count(*)::int as n from orders where idempotency_key like 'bench-%'`)).rows;
  const [{ n: orderLines }] = (await q(`select count(*)::int as n from order_lines`)).rows;
  const [{ n: groupBuys }] = (await q(`select count(*)::int as n from group_buys where title like 'bench团%'`)).rows;
  const [{ n: items }] = (await q(`select count(*)::int as n from group_buy_items`)).rows;
  await q('vacuum analyze');

  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const db = await openAppDatabase({ url, poolSize: 2 });
  const started = performance.now();
  let transactions = 0;
  let lines = 0;
  for (;;) {
    const r = await aggregateClosedGroupBuys(db.db, 500);
    if (r.events === 0) break;
    transactions++;
    lines += r.lines;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  await db.close();

  const [{ pos }] = (await q('select count(*)::int as pos from purchase_orders')).rows;
  // Per item: one purchase-order line of exactly its paid, unrefunded units (none when nothing was sold).
  const agree = (await q(`select count(*)::int as bad from group_buy_items i
      left join (select item_id, sum(quantity - refunded_quantity)::int as q from order_lines where status in ${PAID} group by item_id) l on l.item_id = i.id
      left join (select item_id, count(*)::int as n, sum(quantity_ordered)::int as q from purchase_order_lines group by item_id) po on po.item_id = i.id
      where not ((coalesce(l.q, 0) = 0 and po.n is null) or (po.n = 1 and po.q = l.q))`)).rows[0].bad === 0;
  await raw.end();
  return {
    orders, orderLines, groupBuys, items, itemsPerGroupBuy, communities, suppliers, seconds, transactions, lines, purchaseOrders: pos,
    peakRssMb: peak / 2 ** 20, baselineRssMb: baseline / 2 ** 20, sumsAgree: agree,
  };
}
