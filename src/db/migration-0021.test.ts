import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { type Database, type Db } from '../platform/db/client.js';
import { openAppDatabase } from './open.js';
import * as schema from './schema.js';
import { installReferenceData } from './reference-data.js';
import { TEST_DATABASE_URL, usesPostgres } from '../testing/app.js';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { MemorySmsProvider } from '../modules/identity/sms.js';
import { SandboxPaymentProvider } from '../modules/payments/provider.js';
import { MemoryStorage } from '../platform/files/storage.js';
import { createSession } from '../modules/identity/service.js';
import { reconcileStock } from '../modules/groupbuy/service.js';
import type { AppContext } from '../http/context.js';

/**
 * Migration 0021 (one basket, one payment, one hand-over) on a copy of the demo data: a database
 * migrated only up to 0020 is loaded with the demo neighbourhood as the 0020 code seeded it
 * (fixtures/demo-before-0021.sql, dumped at commit 8444a5b) plus the order states the demo lacks
 * (fixtures/states-demo-lacks-before-0021.sql); the facts are recorded; then the database is opened
 * the way the app opens it (every migration in drizzle/, then the reference data: openAppDatabase
 * on PostgreSQL, its PGlite steps on the same in-memory PGlite) and the facts must hold in the new
 * model, and the app must serve the migrated data.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const drizzleDir = path.resolve(here, '../../drizzle');
const fixture = (name: string) => readFileSync(path.join(here, 'fixtures', name), 'utf8');
const LAST_BEFORE = 20;

type Row = Record<string, unknown>;
type Query = (text: string) => Promise<Row[]>;

/** drizzle/ cut after migration 0020: the SQL files up to it and a journal that ends there. */
function migrationsUpTo0020(dir: string): string {
  const folder = path.join(dir, 'migrations');
  mkdirSync(path.join(folder, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(path.join(drizzleDir, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  const entries = journal.entries.filter((e) => e.idx <= LAST_BEFORE);
  expect(entries.map((e) => e.idx)).toEqual([...Array(LAST_BEFORE + 1).keys()]);
  expect(journal.entries.some((e) => e.tag === '0021_basket_and_handover')).toBe(true);
  for (const e of entries) copyFileSync(path.join(drizzleDir, `${e.tag}.sql`), path.join(folder, `${e.tag}.sql`));
  expect(readdirSync(folder).filter((f) => f.endsWith('.sql'))).toHaveLength(LAST_BEFORE + 1);
  writeFileSync(path.join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }, null, 2));
  return folder;
}

/** Rows as the server renders them in JSON, so both drivers and both stages compare alike. */
async function json(query: Query, select: string): Promise<Row[]> {
  const rows = await query(`select to_jsonb(x) as r from (${select}) x`);
  return rows.map((r) => r.r as Row);
}

async function publicTables(query: Query): Promise<string[]> {
  const rows = await query(`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> '__drizzle_migrations' order by 1`);
  return rows.map((r) => r.t as string);
}

const counted = ['group_buys', 'orders', 'payments', 'refunds', 'claims', 'domain_events', 'stock_movements'] as const;

/** What the 0020 database holds, before 0021 runs. */
async function recordFacts(query: Query) {
  const tables: Record<string, Row[]> = {};
  for (const t of await publicTables(query)) tables[t] = await json(query, `select * from "${t}"`);
  const counts = Object.fromEntries(counted.map((t) => [t, tables[t].length])) as Record<(typeof counted)[number], number>;
  const oldStockOff = await json(query, `
    select gb.id from group_buys gb left join stock_movements m on m.group_buy_id = gb.id
    group by gb.id having gb.stock_total + coalesce(sum(m.delta), 0) <> gb.stock_available`);
  return { tables, counts, oldStockOff };
}
type Facts = Awaited<ReturnType<typeof recordFacts>>;

interface Stage {
  /** The database, migrated up to 0020 and loaded with the demo copy: its facts. */
  before: Facts;
  /** The same database opened by the app (0021 applied). */
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

async function loadOnPglite(migrationsFolder: string, sqlText: string): Promise<Stage> {
  // In memory (a data directory on disk is several times slower); opened below exactly as
  // openAppDatabase opens PGlite: every migration in drizzle/, then the reference data.
  const client = new PGlite();
  await migratePglite(drizzlePglite(client) as never, { migrationsFolder });
  await client.exec(`begin;\n${sqlText}\ncommit;`);
  const before = await recordFacts(async (text) => (await client.query<Row>(text)).rows);
  return {
    before,
    async open() {
      const db = drizzlePglite(client) as unknown as Db;
      await migratePglite(db as never, { migrationsFolder: drizzleDir });
      await installReferenceData(db);
      return { db, driver: 'pglite', close: () => client.close() };
    },
    cleanup: async () => {},
  };
}

async function loadOnPostgres(migrationsFolder: string, sqlText: string): Promise<Stage> {
  const name = `linli_test_m0021_${randomBytes(6).toString('hex')}`;
  const admin = async (text: string) => {
    const a = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await a.connect();
    try { await a.query(text); } finally { await a.end(); }
  };
  await admin(`create database ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  try {
    await migratePg(drizzlePg(pool) as never, { migrationsFolder });
    await pool.query(`begin;\n${sqlText}\ncommit;`);
    const before = await recordFacts(async (text) => (await pool.query(text)).rows as Row[]);
    return { before, open: () => openAppDatabase({ url: url.toString(), poolSize: 5 }), cleanup: () => admin(`drop database if exists ${name} with (force)`) };
  } finally {
    await pool.end();
  }
}

const byId = (rows: Row[]) => new Map(rows.map((r) => [r.id as string, r]));
const time = (v: unknown) => (v == null ? null : new Date(v as string).getTime());
const OLD_PAID_STATES = ['paid', 'confirmed', 'ready_for_pickup', 'picked_up', 'refunded'];
/** The order status 0021 gives each old order status: the order is the checkout, lines carry the rest. */
const mappedOrderStatus = (old: string) => (OLD_PAID_STATES.includes(old) ? 'paid' : old);

describe('migration 0021 on a copy of the demo data', () => {
  let dir: string;
  let stage: Stage;
  let database: Database;
  let before: Facts;
  let query: Query;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const after = (t: string) => json(query, `select * from "${t}"`);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'linli-m0021-'));
    const migrationsFolder = migrationsUpTo0020(dir);
    const sqlText = `${fixture('demo-before-0021.sql')}\n${fixture('states-demo-lacks-before-0021.sql')}`;
    stage = usesPostgres() ? await loadOnPostgres(migrationsFolder, sqlText) : await loadOnPglite(migrationsFolder, sqlText);
    before = stage.before;
    database = await stage.open();
    const client = (database.db as unknown as { $client: { query(text: string): Promise<{ rows: Row[] }> } }).$client;
    query = async (text) => (await client.query(text)).rows;
    const ctx: AppContext = {
      db: database.db, config: { ...loadConfig({}), loginCodeResendSeconds: 0 }, sms: new MemorySmsProvider(),
      payments: new SandboxPaymentProvider('test-secret'), storage: new MemoryStorage(), now: () => new Date(),
    };
    app = await buildApp(ctx, { serveWeb: false });
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
    await stage?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const oldOrders = () => before.tables.orders;
  const oldGroupBuys = () => before.tables.group_buys;
  const userByPhone = (phone: string) => before.tables.users.find((u) => u.phone === phone)!;

  it('starts from a copy that has what the migration must carry: every old order state, held, settled and refunded payments, refunds, claims, events', () => {
    expect(new Set(oldOrders().map((o) => o.status))).toEqual(new Set(['pending_payment', 'paid', 'ready_for_pickup', 'picked_up', 'cancelled', 'refunded']));
    expect(new Set(before.tables.payments.map((p) => p.status))).toEqual(new Set(['pending', 'held', 'settled', 'refunded']));
    expect(before.tables.payments.some((p) => p.status === 'settled' && (p.refunded_fen as number) > 0)).toBe(true);
    expect(before.counts.refunds).toBeGreaterThan(0);
    expect(before.counts.claims).toBeGreaterThan(0);
    expect(before.counts.domain_events).toBeGreaterThan(50);
    expect(before.oldStockOff).toEqual([]);
    expect(before.tables.group_buy_items).toBeUndefined();
  });

  it('keeps every group buy, order, payment, refund, claim, domain event and stock movement', async () => {
    for (const t of counted) {
      const [{ n }] = await query(`select count(*)::int as n from "${t}"`);
      expect({ table: t, n }).toEqual({ table: t, n: before.counts[t] });
    }
  });

  it('keeps every value every row had in every table, except the order status it maps and the columns it moves', async () => {
    for (const [table, rows] of Object.entries(before.tables)) {
      const now = await after(table);
      const afterKeys = new Set(Object.keys(now[0] ?? {}));
      // The columns the table had and still has (new columns are checked by the tests below).
      const common = Object.keys(rows[0] ?? {}).filter((k) => afterKeys.has(k) && !(table === 'orders' && k === 'status')).sort();
      const project = (r: Row) => JSON.stringify(common.map((k) => [k, r[k]]));
      const kept = new Set(now.map(project));
      const lost = rows.filter((r) => !kept.has(project(r)));
      expect({ table, lost }).toEqual({ table, lost: [] });
      // Reference data may grow with the app; data rows are neither added nor dropped.
      if (table !== 'guarantee_rules') expect({ table, n: now.length }).toEqual({ table, n: rows.length });
    }
  });

  it('turns every group buy into a one-item group buy whose item has its id, product, batch, price, stock and limit', async () => {
    const items = await after('group_buy_items');
    expect(items).toHaveLength(oldGroupBuys().length);
    for (const gb of oldGroupBuys()) {
      const mine = items.filter((i) => i.group_buy_id === gb.id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        id: gb.id, group_buy_id: gb.id, position: 1, community_id: gb.community_id, product_id: gb.product_id, batch_id: gb.batch_id,
        price_fen: gb.price_fen, stock_total: gb.stock_total, stock_available: gb.stock_available, per_person_limit: gb.per_person_limit,
      });
      expect(time(mine[0].arrived_at)).toBe(time(gb.arrived_at));
    }
    // What pointed at the group buy for its product now points at its item too.
    for (const p of await after('group_buy_purchases')) expect(p.item_id).toBe(p.group_buy_id);
    for (const m of await after('stock_movements')) expect(m.item_id).toBe(m.group_buy_id);
    for (const l of await after('purchase_order_lines')) {
      expect(l.item_id).toBe(l.group_buy_id);
      expect(l.quantity_received).toBe(l.quantity_delivered);
    }
  });

  it('gives every order exactly one line with its id, group buy, item, buyer, quantities, unit price, total, status and times', async () => {
    const lines = await after('order_lines');
    expect(lines).toHaveLength(oldOrders().length);
    for (const o of oldOrders()) {
      const mine = lines.filter((l) => l.order_id === o.id);
      expect(mine).toHaveLength(1);
      const [line] = mine;
      expect(line).toMatchObject({
        id: o.id, order_id: o.id, community_id: o.community_id, group_buy_id: o.group_buy_id, item_id: o.group_buy_id, user_id: o.user_id,
        quantity: o.quantity, refunded_quantity: o.refunded_quantity, unit_price_fen: o.unit_price_fen, total_fen: o.total_fen,
        status: o.status, cancel_reason: o.cancel_reason, picked_up_by: o.picked_up_by, handover_id: null,
      });
      for (const k of ['paid_at', 'cancelled_at', 'picked_up_at', 'created_at']) expect({ order: o.id, k, v: time(line[k]) }).toEqual({ order: o.id, k, v: time(o[k]) });
    }
  });

  it('maps each order status: unpaid stays pending_payment, cancelled stays cancelled, every paid state becomes paid (its line keeps the detail)', async () => {
    const now = byId(await after('orders'));
    for (const o of oldOrders()) expect({ id: o.id, was: o.status, is: now.get(o.id as string)?.status }).toEqual({ id: o.id, was: o.status, is: mappedOrderStatus(o.status as string) });
    expect(new Set([...now.values()].map((o) => o.status))).toEqual(new Set(['pending_payment', 'paid', 'cancelled']));
  });

  it('points every claim at the line of its order, and every payment and refund still at its order', async () => {
    const lines = byId(await after('order_lines'));
    const claims = await after('claims');
    expect(claims).toHaveLength(before.counts.claims);
    for (const c of claims) {
      expect(c.line_id).toBe(c.order_id);
      expect(lines.get(c.line_id as string)).toMatchObject({ order_id: c.order_id, user_id: c.user_id, group_buy_id: c.group_buy_id });
    }
    const orders = byId(await after('orders'));
    for (const p of [...await after('payments'), ...await after('refunds')]) {
      expect(orders.get(p.order_id as string)).toMatchObject({ id: p.order_id, user_id: p.user_id, community_id: p.community_id });
    }
  });

  it('settles each settled payment once, with the leader of its group buy, for what was kept (amount − refunded), and nothing else', async () => {
    const settlements = await after('settlements');
    const payments = byId(await after('payments'));
    const orders = byId(oldOrders());
    const groupBuys = byId(oldGroupBuys());
    const settled = before.tables.payments.filter((p) => p.status === 'settled');
    expect(settled.length).toBeGreaterThan(0);
    expect(settlements).toHaveLength(settled.length);
    for (const p of before.tables.payments) {
      const kept = (p.amount_fen as number) - (p.refunded_fen as number);
      const mine = settlements.filter((s) => s.payment_id === p.id);
      if (p.status !== 'settled') {
        expect({ payment: p.id, settled_fen: payments.get(p.id as string)!.settled_fen, settlements: mine.length }).toEqual({ payment: p.id, settled_fen: 0, settlements: 0 });
        continue;
      }
      expect(payments.get(p.id as string)!.settled_fen).toBe(kept);
      expect(mine).toHaveLength(1);
      const leader = groupBuys.get(orders.get(p.order_id as string)!.group_buy_id as string)!.leader_id;
      expect(mine[0]).toMatchObject({ order_id: p.order_id, community_id: p.community_id, leader_id: leader, amount_fen: kept, commission_fen: p.leader_commission_fen ?? 0 });
      expect(time(mine[0].created_at)).toBe(time(p.settled_at));
    }
  });

  it('numbers the paid lines of each group buy 1..n in order of payment (跟团号), leaves unpaid lines unnumbered, and sets last_number to the highest', async () => {
    const lines = byId(await after('order_lines'));
    const groupBuys = byId(await after('group_buys'));
    for (const gb of oldGroupBuys()) {
      const paid = oldOrders().filter((o) => o.group_buy_id === gb.id && o.paid_at != null)
        .sort((a, b) => time(a.paid_at)! - time(b.paid_at)! || (a.id as string).localeCompare(b.id as string));
      expect(paid.map((o) => lines.get(o.id as string)!.group_number)).toEqual(paid.map((_, i) => i + 1));
      for (const o of oldOrders().filter((x) => x.group_buy_id === gb.id && x.paid_at == null)) expect(lines.get(o.id as string)!.group_number).toBeNull();
      expect(groupBuys.get(gb.id as string)!.last_number).toBe(paid.length);
    }
  });

  it('keeps stock reconciled per item: stock_total plus its stock movements equals stock_available', async () => {
    expect(await reconcileStock(database.db)).toEqual([]);
    const [{ n }] = await query(`select count(*)::int as n from stock_movements where item_id is null`);
    expect(n).toBe(0);
  });

  async function session(phone: string) {
    const { token } = await createSession(database.db, userByPhone(phone).id as string, 1);
    return { cookie: `linli_session=${token}` };
  }

  it('lets 李阿姨 read her migrated orders through the API, each with its one line, status and 跟团号', async () => {
    const li = userByPhone('13800000002');
    const headers = await session('13800000002');
    const res = await app.inject({ method: 'GET', url: '/api/orders?pageSize=100', headers });
    expect(res.statusCode).toBe(200);
    const { items } = res.json() as { items: { id: string; status: string; totalFen: number; lines: Row[] }[] };
    const hers = oldOrders().filter((o) => o.user_id === li.id);
    expect(hers.length).toBeGreaterThanOrEqual(3);
    expect(items.map((o) => o.id).sort()).toEqual(hers.map((o) => o.id).sort());
    const lines = byId(await after('order_lines'));
    for (const o of hers) {
      const shown = items.find((i) => i.id === o.id)!;
      expect(shown).toMatchObject({ status: mappedOrderStatus(o.status as string), totalFen: o.total_fen });
      expect(shown.lines).toHaveLength(1);
      expect(shown.lines[0]).toMatchObject({
        id: o.id, orderId: o.id, groupBuyId: o.group_buy_id, itemId: o.group_buy_id, quantity: o.quantity, status: o.status,
        groupNumber: lines.get(o.id as string)!.group_number, unitPriceFen: o.unit_price_fen,
      });
      const one = await app.inject({ method: 'GET', url: `/api/orders/${o.id}`, headers });
      expect(one.statusCode).toBe(200);
      expect((one.json() as { lines: Row[] }).lines.map((l) => l.id)).toEqual([o.id]);
    }
  });

  it('shows the leader every migrated group buy with its one item and honest sold count, and its orders with 跟团号', async () => {
    const headers = await session('13800000001');
    const lines = byId(await after('order_lines'));
    for (const gb of oldGroupBuys()) {
      const detail = await app.inject({ method: 'GET', url: `/api/group-buys/${gb.id}`, headers });
      expect(detail.statusCode).toBe(200);
      const { items } = detail.json() as { items: Row[] };
      const sold = oldOrders().filter((o) => o.group_buy_id === gb.id && ['paid', 'confirmed', 'ready_for_pickup', 'picked_up'].includes(o.status as string))
        .reduce((s, o) => s + (o.quantity as number) - (o.refunded_quantity as number), 0);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        id: gb.id, position: 1, productId: gb.product_id, batchId: gb.batch_id, priceFen: gb.price_fen, stockTotal: gb.stock_total,
        stockAvailable: gb.stock_available, perPersonLimit: gb.per_person_limit, soldQuantity: sold,
      });
      const list = await app.inject({ method: 'GET', url: `/api/group-buys/${gb.id}/orders`, headers });
      expect(list.statusCode).toBe(200);
      const orders = (list.json() as { items: { orderId: string; groupNumber: number | null; lines: Row[] }[] }).items;
      const mine = oldOrders().filter((o) => o.group_buy_id === gb.id);
      expect(orders.map((o) => o.orderId).sort()).toEqual(mine.map((o) => o.id).sort());
      for (const o of orders) {
        expect(o.groupNumber).toBe(lines.get(o.orderId)!.group_number);
        expect(o.lines.map((l) => l.lineId)).toEqual([o.orderId]);
      }
    }
  });
});
