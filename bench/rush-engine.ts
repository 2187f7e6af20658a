/**
 * The order engine alone, in process (no HTTP, no sessions, no payment): N residents place one
 * order each on one hot item, CALLERS at a time, each request as checkout does it (her items read,
 * then placeOrder). Beside it, in the same window, the bare-SQL one-order transaction on a hot row.
 * Usage: ORDER_BATCHING=on|off npx tsx bench/rush-engine.ts   (RUSH_N, RUSH_CALLERS, RUSH_STOCK;
 * RUSH_DB=pglite runs it on embedded in-memory PGlite, without the bare-SQL baseline).
 */
import pg from 'pg';
import os from 'node:os';
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openAppDatabase } from '../src/db/open.js';
import { createCommunity, appointLeader } from '../src/modules/community/service.js';
import { createProduct } from '../src/modules/catalog/service.js';
import { itemsForOrdering, reconcileStock } from '../src/modules/groupbuy/service.js';
import { openGroupBuy } from '../src/workflows/open-group-buy.js';
import { placeOrder } from '../src/modules/orders/service.js';
import { rushStats } from '../src/modules/orders/rush.service.js';
import { findOrCreateUser } from '../src/modules/identity/service.js';
import { recordTrial } from '../src/modules/leaders/service.js';
import { MemoryStorage } from '../src/platform/files/storage.js';

const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const N = Number(process.env.RUSH_N ?? 3000);
const CALLERS = Number(process.env.RUSH_CALLERS ?? 64);
const STOCK = Number(process.env.RUSH_STOCK ?? N);

async function main() {
  const pglite = process.env.RUSH_DB === 'pglite';
  const name = `linli_rush_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  if (!pglite) {
    await admin.connect();
    await admin.query(`create database ${name}`);
  }
  const db = await openAppDatabase(pglite ? {} : { url: url.toString(), poolSize: 20 });
  try {
    const community = await createCommunity(db.db, { name: '压测小区', address: '压测路', timeZone: 'Asia/Shanghai', pickupPointName: '驿站', pickupPointAddress: '1 楼', pickupHours: '08:00-20:00' });
    const { userId: leaderId } = await appointLeader(db.db, community.id, { phone: '13900000001', name: '王叔', title: '生活顾问' }, (await findOrCreateUser(db.db, '13900000000')).id);
    const product = await createProduct(db.db, { name: '有机草莓', spec: '500g', unit: '盒', origin: '压测', description: '', imageUrls: [], listPriceFen: 4680 });
    const [supplier] = (await db.db.execute(sql`insert into suppliers (company_name, credit_code, contact_name, contact_phone, address, region, status, created_by)
      values ('压测农场', '91BENCHRUSHENGINE1', '负责人', '13000000000', '丹东', '丹东', 'approved', ${leaderId}) returning id`) as unknown as { rows: { id: string }[] }).rows;
    await db.db.execute(sql`
      with p as (update products set supplier_id = ${supplier.id} where id = ${product.id} returning supplier_id),
        f as (insert into stored_files (owner_id, scope, original_name, content_type, size_bytes, sha256, storage_key, visibility)
          values (${leaderId}, 'bench', 'report.pdf', 'application/pdf', 1, 'x', 'bench/report-rush.pdf', 'public') returning id),
        b as (insert into batches (code, product_id, supplier_id, produced_at, quantity, source_place, status)
          select 'BBENCH-RUSH', ${product.id}, supplier_id, now() - interval '1 day', 1000000, '大棚', 'approved' from p returning id)
      insert into inspections (batch_id, lab, inspected_at, result, report_file_id) select b.id, '检测中心', now() - interval '12 hours', 'pass', f.id from b, f`);
    await recordTrial(db.db, new MemoryStorage(), community.id, leaderId, { productId: product.id, rating: 5, story: '压测用的试用记录，王叔亲自尝过。', photos: [] });
    const now = new Date();
    const gb = await openGroupBuy(db.db, community.id, leaderId, { cutoffAt: new Date(now.getTime() + 3_600_000), pickupStartAt: new Date(now.getTime() + 7_200_000), pickupEndAt: new Date(now.getTime() + 10_800_000),
      items: [{ productId: product.id, priceFen: 3680, stockTotal: STOCK, perPersonLimit: 1 }] }, now);
    const itemId = gb.items[0].id;
    const users = (await db.db.execute(sql`with u as (insert into users (phone, name) select '15' || lpad(i::text, 9, '0'), '邻居' || i from generate_series(1, ${N}) i returning id),
      m as (insert into memberships (community_id, user_id, role) select ${community.id}, id, 'resident' from u) select id from u`) as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);

    const load = os.loadavg()[0];
    let next = 0;
    let accepted = 0;
    let soldOut = 0;
    const lat: number[] = [];
    const started = performance.now();
    await Promise.all(Array.from({ length: CALLERS }, async () => {
      while (next < users.length) {
        const userId = users[next++];
        const t0 = performance.now();
        const lines = [{ itemId, quantity: 1 }];
        try {
          await placeOrder(db.db, { userId, communityId: community.id, lines, idempotencyKey: randomUUID() }, await itemsForOrdering(db.db, [itemId], userId), 15);
          accepted++;
        } catch (e) {
          if ((e as { code?: string }).code === 'order.lines_short') soldOut++; else throw e;
        }
        lat.push(performance.now() - t0);
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    lat.sort((a, b) => a - b);
    const bad = await reconcileStock(db.db, gb.id);
    const [{ sold }] = (await db.db.execute(sql`select coalesce(sum(quantity), 0)::int sold from order_lines where item_id = ${itemId}`) as unknown as { rows: { sold: number }[] }).rows;
    const bare = pglite ? NaN : await bareSql(url.toString());
    console.log(JSON.stringify({
      db: pglite ? 'pglite' : 'postgres', batching: process.env.ORDER_BATCHING !== 'off', n: N, callers: CALLERS, stock: STOCK, load1: load,
      ordersPerSecond: Math.round(N / seconds), accepted, soldOut, oversold: Math.max(0, sold - STOCK), reconciles: bad.length === 0,
      p50ms: Math.round(lat[Math.floor(lat.length / 2)]), p99ms: Math.round(lat[Math.floor(lat.length * 0.99)]),
      batches: rushStats.batches, meanBatch: rushStats.batches ? +(rushStats.orders / rushStats.batches).toFixed(1) : 0, largest: rushStats.largest,
      bareTxPerSecond: Math.round(bare), ratioToBare: +((N / seconds) / bare).toFixed(2),
    }));
  } finally {
    await db.close();
    if (!pglite) {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
}

/** One order per transaction on one hot row, 16 clients: PostgreSQL's own pace for the simplest order. */
async function bareSql(url: string, clients = 16, total = 5000) {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  await pool.query(`create table bare_stock (id int primary key, available int not null check (available >= 0));
    create table bare_orders (id bigserial primary key, stock_id int, qty int, created_at timestamptz default now());
    insert into bare_stock values (1, ${total})`);
  let n = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    const c = await pool.connect();
    while (n++ < total) {
      await c.query('begin');
      await c.query('update bare_stock set available = available - 1 where id = 1 and available >= 1');
      await c.query('insert into bare_orders (stock_id, qty) values (1, 1)');
      await c.query('commit');
    }
    c.release();
  }));
  const rate = total / ((performance.now() - started) / 1000);
  await pool.end();
  return rate;
}

main().catch((e) => { console.error(e); process.exit(1); });
