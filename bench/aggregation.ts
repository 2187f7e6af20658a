/**
 * Cut-off aggregation at scale: 100,000 paid orders in 1,000 closed group buys across 500
 * communities and 20 suppliers, aggregated into purchase orders by the real consumer.
 */
import pg from 'pg';
import { openDatabase } from '../src/db/client.js';
import { aggregateClosedGroupBuys } from '../src/modules/fulfilment/purchase-orders.service.js';

export interface AggregationResult {
  orders: number; groupBuys: number; communities: number; suppliers: number;
  seconds: number; transactions: number; lines: number; purchaseOrders: number;
  peakRssMb: number; baselineRssMb: number; sumsAgree: boolean;
}

export async function aggregationScenario(url: string, communities = 500, ordersPerCommunity = 200, suppliers = 20): Promise<AggregationResult> {
  const raw = new pg.Pool({ connectionString: url, max: 2 });
  const q = (text: string, params: unknown[] = []) => raw.query(text, params);
  await q(`insert into users (phone, name) select '16' || lpad(i::text, 9, '0'), '居民' || i from generate_series(1, $1) i`, [communities * ordersPerCommunity]);
  await q(`insert into users (phone, name, is_operator) values ('16999999999', '运营', true)`);
  await q(`insert into suppliers (company_name, credit_code, contact_name, contact_phone, address, region, status, created_by)
    select '供应商' || i, '91BENCH' || lpad(i::text, 11, '0'), '联系人', '13000000000', '地址', '产地', 'approved', (select id from users where phone = '16999999999')
    from generate_series(1, $1) i`, [suppliers]);
  await q(`insert into products (name, spec, unit, origin, list_price_fen, supplier_id, category)
    select '商品' || row_number() over (), '规格', '份', '产地', 3000, s.id, 'fresh_produce' from suppliers s where s.credit_code like '91BENCH%'`);
  await q(`insert into communities (name, address, pickup_point_name, pickup_point_address, pickup_hours, invite_code)
    select '小区' || i, '地址', '驿站', '1 楼', '08:00-20:00', 'bench' || i from generate_series(1, $1) i`, [communities]);
  // Two closed group buys per community (two products, two delivery days).
  await q(`insert into group_buys (community_id, product_id, leader_id, title, price_fen, stock_total, stock_available, per_person_limit, opens_at, cutoff_at, pickup_start_at, pickup_end_at, status, closed_at)
    select c.id, p.id, (select id from users where phone = '16999999999'), p.name, 2500, 100000, 100000, 5,
      now() - interval '2 days', now() - interval '1 hour', now() + (k || ' days')::interval, now() + (k || ' days')::interval + interval '8 hours', 'closed', now()
    from (select id, row_number() over (order by name) as rn from communities where invite_code like 'bench%') c
    cross join generate_series(1, 2) k
    join (select id, name, row_number() over (order by name) as rn from products where name like '商品%') p on p.rn = ((c.rn * 2 + k) % $1) + 1`, [suppliers]);
  // Residents spread over the community's two group buys; quantities 1–3.
  await q(`with gb as (select id, community_id, row_number() over (partition by community_id order by id) as k from group_buys where title like '商品%'),
      cm as (select id, row_number() over (order by name) as rn from communities where invite_code like 'bench%'),
      u as (select id, row_number() over (order by phone) as n from users where phone like '16%' and phone <> '16999999999')
    insert into orders (community_id, group_buy_id, user_id, idempotency_key, quantity, unit_price_fen, total_fen, status, pickup_code, payment_due_at, paid_at)
    select cm.id, gb.id, u.id, 'bench-' || u.n, 1 + (u.n % 3), 2500, 2500 * (1 + (u.n % 3)), 'confirmed', lpad(u.n::text, 8, '0'), now(), now()
    from u join cm on cm.rn = ((u.n - 1) / $1) + 1 join gb on gb.community_id = cm.id and gb.k = 1 + (u.n % 2)`, [ordersPerCommunity]);
  await q(`insert into domain_events (type, community_id, subject_id, payload) select 'groupbuy.closed', community_id, id, '{}'::jsonb from group_buys where title like '商品%'`);
  const [{ n: orders }] = (await q(`select count(*)::int as n from orders where idempotency_key like 'bench-%'`)).rows;
  const [{ n: groupBuys }] = (await q(`select count(*)::int as n from group_buys where title like '商品%'`)).rows;
  await q('vacuum analyze');

  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const db = await openDatabase({ url, poolSize: 2 });
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
  const agree = (await q(`select count(*)::int as bad from (
      select p.id, coalesce((select sum(l.quantity_ordered) from purchase_order_lines l where l.product_id = p.id), 0) as po_q,
        coalesce((select sum(o.quantity) from orders o join group_buys g on g.id = o.group_buy_id where g.product_id = p.id and o.status = 'confirmed'), 0) as paid_q
      from products p where p.name like '商品%') x where po_q <> paid_q`)).rows[0].bad === 0;
  await raw.end();
  return {
    orders, groupBuys, communities, suppliers, seconds, transactions, lines, purchaseOrders: pos,
    peakRssMb: peak / 2 ** 20, baselineRssMb: baseline / 2 ** 20, sumsAgree: agree,
  };
}
