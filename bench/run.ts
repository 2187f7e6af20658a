/**
 * Load benchmarks on real PostgreSQL against a started server (a child process, as in
 * production). Writes bench/RESULTS.md. Usage: npm run bench  (BENCH_DATABASE_URL or
 * TEST_DATABASE_URL picks the server; default postgres://postgres@127.0.0.1:5432/test).
 * BENCH_ROUNDS (default 3) repeats every rush, checkout and bare-SQL scenario; BENCH_ONLY=rush
 * runs only those (for profiling with BENCH_CPU_PROF=<dir>), BENCH_ONLY=claims only after-sales.
 * BENCH_SCALE (default 1) multiplies every size (residents, bare-SQL transactions, trust orders):
 * BENCH_SCALE=0.05 BENCH_ONLY=rush is a smoke run of a few minutes; BENCH_ONLY=infra runs only
 * the embedded default and the kill -9 runs. The rush part also runs the
 * embedded default (a server on PGlite) and a kill -9 of one of two instances in mid-rush.
 */
import autocannon from 'autocannon';
import pg from 'pg';
import os from 'node:os';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { type Database } from '../src/platform/db/client.js';
import { openAppDatabase } from '../src/db/open.js';
import { createCommunity, appointLeader } from '../src/modules/community/service.js';
import { createProduct } from '../src/modules/catalog/service.js';
import { reconcileStock, itemsForOrdering } from '../src/modules/groupbuy/service.js';
import { openGroupBuy } from '../src/workflows/open-group-buy.js';
import { placeOrder, type BasketLineInput } from '../src/modules/orders/service.js';
import { findOrCreateUser } from '../src/modules/identity/service.js';
import { SandboxPaymentProvider } from '../src/modules/payments/provider.js';
import { buyNow, checkout } from '../src/workflows/checkout.js';
import { handlePaymentSucceeded } from '../src/workflows/payment-notified.js';
import { aggregationScenario } from './aggregation.js';
import { trustScenario } from './trust.js';
import { claimsScenario, type ClaimsResult } from './claims.js';
import { recordTrial } from '../src/modules/leaders/service.js';
import { MemoryStorage } from '../src/platform/files/storage.js';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
let benchUrl = '';
const PORT = Number(process.env.BENCH_PORT ?? 3399);
const BASE = `http://127.0.0.1:${PORT}`;
const HOUR = 3_600_000;
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? Math.max(60, Math.round(3000 * SCALE)));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CHECKOUTS = Math.min(RESIDENTS, 1000);
const CHECKOUT_WORKERS = 32;
const BARE_CLIENTS = 16;
const BARE_TX = Math.max(200, Math.round(5000 * SCALE));
/** The hot item (shared by every basket) and the others a basket takes two of. */
const HOT = { name: '有机草莓', spec: '500g', unit: '盒', priceFen: 3680 };
const OTHERS = [
  { name: '土鸡蛋', spec: '30 枚', unit: '盒', priceFen: 2990 }, { name: '鲜牛奶', spec: '950ml', unit: '瓶', priceFen: 1580 },
  { name: '西红柿', spec: '1kg', unit: '袋', priceFen: 990 }, { name: '五常大米', spec: '5kg', unit: '袋', priceFen: 6990 },
  { name: '手工面条', spec: '1kg', unit: '袋', priceFen: 1290 }, { name: '黄瓜', spec: '1kg', unit: '袋', priceFen: 690 },
  { name: '散养鸡', spec: '1 只', unit: '只', priceFen: 8800 }, { name: '蓝莓', spec: '125g×4', unit: '盒', priceFen: 4990 },
];

const q = async <T>(db: Database, query: ReturnType<typeof sql>) => ((await db.db.execute(query)) as unknown as { rows: T[] }).rows;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const spread = (xs: number[]) => ({ min: Math.min(...xs), median: median(xs), max: Math.max(...xs) });
/** The basket of resident i: the hot item, one of the others and a third (two distinct others). */
const basketOf = (i: number): [number, number] => { const b = i % OTHERS.length; return [b, (b + 1 + (Math.floor(i / OTHERS.length) % (OTHERS.length - 1))) % OTHERS.length]; };

async function createBenchDatabase() {
  const name = `linli_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const version = (await admin.query('show server_version')).rows[0].server_version as string;
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), version };
}

async function dropDatabase(name: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

/** Starts `tsx src/main.ts start` on `port`: on PostgreSQL (`databaseUrl`) or, with `env.LINLI_DATA_DIR`, on PGlite. */
async function startServer(databaseUrl: string, port = PORT, env: Record<string, string> = {}): Promise<ChildProcess> {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/main.ts', 'start'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LINLI_SEED: 'false', LINLI_SCHEDULER: 'false', DATABASE_POOL_SIZE: '20', NODE_ENV: 'production', LINLI_WORKERS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d) => process.stderr.write(d));
  // A loaded machine (or PGlite opening its store) can take a while.
  for (let i = 0; i < 600 && child.exitCode === null; i++) {
    await new Promise((r) => setTimeout(r, 200));
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch { /* not up yet */ }
  }
  child.kill();
  throw new Error('server did not start');
}

/** Stops the server and waits for it to exit (so a CPU profile is written completely). */
async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
}

/** Residents with live sessions, inserted in bulk: the benchmark is about ordering, not logging in. */
type RawQuery = (text: string, params: unknown[]) => Promise<unknown>;
async function makeResidents(raw: RawQuery, communityId: string, n: number, prefix: string) {
  const tokens: string[] = [];
  const batch = 500;
  for (let start = 0; start < n; start += batch) {
    const values = [] as { phone: string; token: string }[];
    for (let i = start; i < Math.min(n, start + batch); i++) values.push({ phone: `15${prefix}${String(i).padStart(8, '0')}`.slice(0, 11), token: randomBytes(24).toString('base64url') });
    await raw(`
      with u as (
        insert into users (phone, name) select * from unnest($1::text[], $2::text[]) returning id, phone
      ), m as (
        insert into memberships (community_id, user_id, role) select $3, id, 'resident' from u
      )
      insert into sessions (token_hash, user_id, expires_at)
      select t.hash, u.id, now() + interval '1 day' from u join unnest($1::text[], $4::text[]) as t(phone, hash) on t.phone = u.phone`,
    [values.map((v) => v.phone), values.map((_, k) => `邻居${start + k}`), communityId, values.map((v) => createHash('sha256').update(v.token).digest('hex'))]);
    tokens.push(...values.map((v) => v.token));
  }
  return tokens.map((t) => `linli_session=${t}`);
}

type Shop = Awaited<ReturnType<typeof shop>>;

/** A community with its leader, the hot product and the others (each sellable), and residents with sessions. */
async function shop(db: Database, prefix: string, residents: number, embedded = false) {
  const community = await createCommunity(db.db, { name: `压测小区${prefix}`, address: '压测路', timeZone: 'Asia/Shanghai', pickupPointName: '驿站', pickupPointAddress: '1 楼', pickupHours: '08:00-20:00' });
  const { userId: leaderId } = await appointLeader(db.db, community.id, { phone: `139${prefix}0000`.padEnd(11, '0').slice(0, 11), name: '王叔', title: '生活顾问' }, (await findOrCreateUser(db.db, '13900000000')).id);
  const products = [];
  for (const p of [HOT, ...OTHERS]) products.push(await createProduct(db.db, { name: p.name, spec: p.spec, unit: p.unit, origin: '压测', description: '', imageUrls: [], listPriceFen: p.priceFen + 1000 }));
  await sellable(db, products.map((p) => p.id), leaderId, community.id, prefix);
  let cookies: string[];
  if (embedded) {
    // PGlite (the embedded default): its own client takes the same parameters.
    const client = (db.db as unknown as { $client: { query: RawQuery } }).$client;
    cookies = await makeResidents((t, p) => client.query(t, p), community.id, residents, prefix);
  } else {
    const raw = new pg.Pool({ connectionString: benchUrl, max: 1 });
    cookies = await makeResidents((t, p) => raw.query(t, p), community.id, residents, prefix);
    await raw.end();
  }
  return { community, leaderId, hotProductId: products[0].id, otherProductIds: products.slice(1).map((p) => p.id), cookies };
}

/** The trust rules ask for an admitted supplier, an approved batch with a passing report and the leader's trial. */
async function sellable(db: Database, productIds: string[], leaderId: string, communityId: string, prefix: string) {
  const [supplier] = await q<{ id: string }>(db, sql`insert into suppliers (company_name, credit_code, contact_name, contact_phone, address, region, status, created_by)
    values (${`压测农场${prefix}`}, ${`91BENCHRUSH${prefix.padStart(7, '0')}`}, '负责人', '13000000000', '丹东', '丹东', 'approved', ${leaderId}) returning id`);
  for (const [k, productId] of productIds.entries()) {
    await db.db.execute(sql`
      with p as (update products set supplier_id = ${supplier.id} where id = ${productId} returning supplier_id),
        f as (insert into stored_files (owner_id, scope, original_name, content_type, size_bytes, sha256, storage_key, visibility)
          values (${leaderId}, 'bench', 'report.pdf', 'application/pdf', 1, 'x', ${`bench/report-${prefix}-${k}.pdf`}, 'public') returning id),
        b as (insert into batches (code, product_id, supplier_id, produced_at, quantity, source_place, status)
          select ${`BBENCH-${prefix}-${k}`}, ${productId}, supplier_id, now() - interval '1 day', 1000000, '大棚', 'approved' from p returning id)
      insert into inspections (batch_id, lab, inspected_at, result, report_file_id) select b.id, '检测中心', now() - interval '12 hours', 'pass', f.id from b, f`);
    await recordTrial(db.db, new MemoryStorage(), communityId, leaderId, { productId, rating: 5, story: '压测用的试用记录，王叔亲自尝过。', photos: [] });
  }
}

/** A fresh group buy: the hot item only (stock `hotStock`), or the hot item and every other item (stock `otherStock` each). */
async function openBuy(db: Database, s: Shop, hotStock: number, otherStock?: number) {
  const now = new Date();
  const items = [{ productId: s.hotProductId, priceFen: HOT.priceFen, stockTotal: hotStock, perPersonLimit: 1 }];
  if (otherStock !== undefined) items.push(...s.otherProductIds.map((productId, k) => ({ productId, priceFen: OTHERS[k].priceFen, stockTotal: otherStock, perPersonLimit: 1 })));
  const gb = await openGroupBuy(db.db, s.community.id, s.leaderId, {
    cutoffAt: new Date(now.getTime() + HOUR), pickupStartAt: new Date(now.getTime() + 2 * HOUR), pickupEndAt: new Date(now.getTime() + 3 * HOUR), items,
  }, now);
  const byProduct = new Map(gb.items.map((i) => [i.productId, i.id]));
  return { id: gb.id, communityId: s.community.id, hotItemId: byProduct.get(s.hotProductId)!, otherItemIds: s.otherProductIds.map((p) => byProduct.get(p)!), hotStock };
}
type Buy = Awaited<ReturnType<typeof openBuy>>;

const basketLines = (buy: Buy, i: number): BasketLineInput[] => {
  const [b, c] = basketOf(i);
  return [buy.hotItemId, buy.otherItemIds[b], buy.otherItemIds[c]].map((itemId) => ({ itemId, quantity: 1 }));
};

/** What one request of a scenario is: where it goes and what it says (resident i). */
type Target = { path: string; body: (i: number) => unknown };
const buyNowTarget = (buy: Buy): Target => ({ path: `/api/group-buys/${buy.id}/orders`, body: () => ({ quantity: 1, idempotencyKey: randomUUID() }) });
const basketTarget = (buy: Buy): Target => ({ path: `/api/communities/${buy.communityId}/checkout`, body: (i) => ({ idempotencyKey: randomUUID(), lines: basketLines(buy, i) }) });

interface Run {
  load: number[]; requests: number; accepted: number; short: number; other4xx: number; errors5xx: number; noAnswer: number;
  seconds: number; rate: number; p50: number; p99: number; oversold: number; reconciles: boolean; incomplete: number; shortReasons: string;
}

/** Every resident fires one request at once (CONNECTIONS at a time); timed from the first request sent to the last response received. */
async function rush(target: Target, cookies: string[], base = BASE) {
  let next = 0;
  let first = 0;
  let last = 0;
  const statuses = new Map<number, number>();
  const reasons = new Map<string, number>();
  const result = await autocannon({
    url: base, connections: CONNECTIONS, amount: cookies.length,
    requests: [{
      method: 'POST', path: target.path,
      setupRequest: (req: Record<string, unknown>) => {
        const i = next++ % cookies.length;
        if (!first) first = performance.now();
        return { ...req, headers: { 'content-type': 'application/json', cookie: cookies[i] }, body: JSON.stringify(target.body(i)) };
      },
      onResponse: (status: number, body?: string) => {
        last = performance.now();
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 409 && body) {
          try {
            const e = (JSON.parse(body) as { error: { code: string; details?: { lines?: { reason: string }[] } } }).error;
            const key = `${e.code}${e.details?.lines ? `:${[...new Set(e.details.lines.map((l) => l.reason))].join('+')}` : ''}`;
            reasons.set(key, (reasons.get(key) ?? 0) + 1);
          } catch { reasons.set('unparsed', (reasons.get('unparsed') ?? 0) + 1); }
        }
      },
    }],
  } as never) as unknown as autocannon.Result;
  return { seconds: (last - first) / 1000, statuses, reasons, p50: result.latency.p50, p99: result.latency.p99 };
}

/** Per item: units held by live lines against its stock, the counter against the lines and the movement log. */
async function checkStock(db: Database, buy: Buy, lines: number) {
  const items = await q<{ id: string; stock_total: number; stock_available: number; held: number }>(db, sql`
    select i.id, i.stock_total, i.stock_available,
      coalesce((select sum(l.quantity)::int from order_lines l where l.item_id = i.id and l.status <> 'cancelled'), 0) as held
    from group_buy_items i where i.group_buy_id = ${buy.id} order by i.position`);
  const mismatches = await reconcileStock(db.db, buy.id);
  const [{ incomplete }] = await q<{ incomplete: number }>(db, sql`
    select count(*)::int as incomplete from (select o.id from orders o join order_lines l on l.order_id = o.id
      where l.group_buy_id = ${buy.id} group by o.id having count(*) <> ${lines}) x`);
  const oversold = items.reduce((s, i) => s + Math.max(0, i.held - i.stock_total), 0);
  const counterAgrees = items.every((i) => i.stock_total - i.stock_available === i.held && i.stock_available >= 0);
  return { oversold, reconciles: counterAgrees && mismatches.length === 0, incomplete, hotLeft: items[0].stock_available };
}

async function rushRun(db: Database, target: Target, buy: Buy, cookies: string[], lines: number, base = BASE): Promise<Run> {
  const load = os.loadavg();
  const r = await rush(target, cookies, base);
  const s = await checkStock(db, buy, lines);
  const accepted = r.statuses.get(201) ?? 0;
  const count = (f: (k: number) => boolean) => [...r.statuses.entries()].filter(([k]) => f(k)).reduce((a, [, v]) => a + v, 0);
  return {
    load, requests: cookies.length, accepted, short: r.statuses.get(409) ?? 0, other4xx: count((k) => k >= 400 && k < 500 && k !== 409), errors5xx: count((k) => k >= 500 || k < 100),
    // Requests autocannon gave up on (its 10 s timeout) or lost: no status at all.
    noAnswer: cookies.length - count(() => true),
    seconds: r.seconds, rate: accepted / r.seconds, p50: r.p50, p99: r.p99, oversold: s.oversold, reconciles: s.reconciles, incomplete: s.incomplete,
    shortReasons: [...r.reasons].map(([k, v]) => `${v} ${k}`).join(', '),
  };
}

/** Order then pay (sandbox), like Vendure's/Medusa's "checkout", with a fixed number of workers. */
async function checkoutRun(db: Database, target: Target, buy: Buy, cookies: string[], lines: number): Promise<Run> {
  const load = os.loadavg();
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let errors5xx = 0;
  let i = 0;
  let first = 0;
  let last = 0;
  await Promise.all(Array.from({ length: CHECKOUT_WORKERS }, async () => {
    while (i < cookies.length) {
      const k = i++;
      const cookie = cookies[k];
      const t0 = performance.now();
      if (!first) first = t0;
      const placed = await fetch(`${BASE}${target.path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(target.body(k)) });
      const body = await placed.json() as { payment?: { paymentId: string } };
      if (placed.status >= 500) errors5xx++;
      if (placed.status !== 201 || !body.payment) { failed++; last = performance.now(); continue; }
      const paid = await fetch(`${BASE}/api/payments/${body.payment.paymentId}/sandbox-confirm`, { method: 'POST', headers: { cookie } });
      await paid.arrayBuffer();
      last = performance.now();
      latencies.push(last - t0);
      if (paid.status >= 500) errors5xx++;
      if (paid.status === 200) ok++; else failed++;
    }
  }));
  const seconds = (last - first) / 1000;
  latencies.sort((a, b) => a - b);
  const s = await checkStock(db, buy, lines);
  const [{ paid }] = await q<{ paid: number }>(db, sql`select count(distinct o.id)::int as paid from orders o join order_lines l on l.order_id = o.id where l.group_buy_id = ${buy.id} and o.status = 'paid' and l.status = 'paid'`);
  return {
    load, requests: cookies.length, accepted: Math.min(ok, paid), short: 0, other4xx: failed, errors5xx, noAnswer: 0, seconds, rate: Math.min(ok, paid) / seconds,
    p50: pct(latencies, 50), p99: pct(latencies, 99), oversold: s.oversold, reconciles: s.reconciles && paid === ok, incomplete: s.incomplete, shortReasons: '',
  };
}

/**
 * The floor of what any design can do here: one bare transaction per order. `rows` = 1: the hot
 * stock row and the order; `rows` = 3: the hot row and two of eight others in id order, the order
 * and its three lines.
 */
async function bareSql(url: string, rows: 1 | 3, clients = BARE_CLIENTS, total = BARE_TX) {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  await pool.query(`create table if not exists bare_stock (id int primary key, available int not null check (available >= 0));
    create table if not exists bare_orders (id bigserial primary key, stock_id int, qty int, created_at timestamptz default now());
    create table if not exists bare_lines (id bigserial primary key, order_id bigint, stock_id int, qty int)`);
  await pool.query('insert into bare_stock select i, $1 from generate_series(1, 9) i on conflict (id) do update set available = $1', [total]);
  const load = os.loadavg();
  let n = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    const c = await pool.connect();
    while (n < total) {
      const k = n++;
      await c.query('begin');
      if (rows === 1) {
        await c.query('update bare_stock set available = available - 1 where id = 1 and available >= 1');
        await c.query('insert into bare_orders (stock_id, qty) values (1, 1)');
      } else {
        const [b, d] = basketOf(k).map((x) => x + 2).sort((x, y) => x - y);
        for (const id of [1, b, d]) await c.query('update bare_stock set available = available - 1 where id = $1 and available >= 1', [id]);
        const { rows: [o] } = await c.query('insert into bare_orders (stock_id, qty) values (1, 3) returning id');
        await c.query('insert into bare_lines (order_id, stock_id, qty) select $1, unnest($2::int[]), 1', [o.id, [1, b, d]]);
      }
      await c.query('commit');
    }
    c.release();
  }));
  const seconds = (performance.now() - started) / 1000;
  await pool.end();
  return { load, rate: total / seconds, seconds };
}

/** Counts the SQL statements `fn` sends through node-postgres (BEGIN and COMMIT included). */
async function countStatements<T>(fn: () => Promise<T>): Promise<{ count: number; value: T }> {
  const original = pg.Client.prototype.query;
  let count = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    count++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    const value = await fn();
    return { count, value };
  } finally {
    pg.Client.prototype.query = original;
  }
}

interface Statements { place: number; items: number; request: number; pay: number }

/** Statements of one placement: placeOrder alone, the item read before it, the whole HTTP workflow (session lookup aside) and the payment notification. */
async function statementsPerOrder(db: Database, s: Shop, lines: 1 | 3): Promise<Statements> {
  const provider = new SandboxPaymentProvider();
  const buy = await openBuy(db, s, 100, lines === 3 ? 100 : undefined);
  const resident = async (phone: string) => {
    const user = await findOrCreateUser(db.db, phone);
    await db.db.execute(sql`insert into memberships (community_id, user_id, role) values (${s.community.id}, ${user.id}, 'resident') on conflict do nothing`);
    return user.id;
  };
  const wanted = lines === 3 ? basketLines(buy, 0) : [{ itemId: buy.hotItemId, quantity: 1 }];
  // Warm (prepared plans, pool connections), then count on a second resident.
  for (const round of [0, 1]) {
    const userId = await resident(`159${round}999999${lines}`);
    const items = await countStatements(() => itemsForOrdering(db.db, wanted.map((l) => l.itemId), userId));
    const place = await countStatements(() => placeOrder(db.db, { userId, communityId: s.community.id, lines: wanted, idempotencyKey: randomUUID() }, items.value, 15));
    const other = await resident(`157${round}999999${lines}`);
    const request = await countStatements(() => lines === 1
      ? buyNow(db.db, provider, { userId: other, groupBuyId: buy.id, quantity: 1, idempotencyKey: randomUUID() }, 15)
      : checkout(db.db, provider, { userId: other, communityId: s.community.id, lines: wanted, idempotencyKey: randomUUID() }, 15));
    const payment = request.value.payment!;
    const pay = await countStatements(() => handlePaymentSucceeded(db.db, provider, `sbx_${payment.paymentId.replace(/-/g, '')}`, payment.amountFen));
    if (round === 1) return { place: place.count, items: items.count, request: request.count, pay: pay.count };
  }
  throw new Error('unreachable');
}

/** Peak and current resident memory of a process, in MiB (Linux /proc). */
function memoryOf(pid: number | undefined) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(status.match(new RegExp(`${k}:\\s+(\\d+)`))?.[1] ?? 0) / 1024;
    return { peakMb: kb('VmHWM'), rssMb: kb('VmRSS') };
  } catch {
    return { peakMb: 0, rssMb: 0 };
  }
}

interface EmbeddedResult { runs: Run[]; peakMb: number; rssMb: number; startSeconds: number }

/**
 * The embedded default: `npm start` without DATABASE_URL, i.e. the server on PGlite in its own
 * data directory. The data is prepared first by this process (PGlite admits one process), then the
 * server runs a one-item rush per round, then the store is opened again to check every item.
 */
async function embeddedScenario(): Promise<EmbeddedResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'linli-bench-pglite-'));
  const port = PORT + 2;
  try {
    let edb = await openAppDatabase({ dataDir: dir });
    const s = await shop(edb, '7', RESIDENTS, true);
    const warm = await openBuy(edb, s, 200);
    const buys: Buy[] = [];
    for (let round = 0; round < ROUNDS; round++) buys.push(await openBuy(edb, s, RESIDENTS));
    await edb.close();
    const started = performance.now();
    const server = await startServer('', port, { LINLI_DATA_DIR: dir, LINLI_UPLOADS_DIR: path.join(dir, 'uploads') });
    const startSeconds = (performance.now() - started) / 1000;
    const statuses: { load: number[]; r: Awaited<ReturnType<typeof rush>> }[] = [];
    let mem = { peakMb: 0, rssMb: 0 };
    try {
      await rush(buyNowTarget(warm), s.cookies.slice(0, 200), `http://127.0.0.1:${port}`);
      for (const b of buys) {
        const load = os.loadavg();
        statuses.push({ load, r: await rush(buyNowTarget(b), s.cookies, `http://127.0.0.1:${port}`) });
        console.log(`embedded round ${statuses.length}: ${f0((statuses[statuses.length - 1].r.statuses.get(201) ?? 0) / statuses[statuses.length - 1].r.seconds)} orders/s`);
      }
      mem = memoryOf(server.pid);
    } finally {
      await stopServer(server);
    }
    edb = await openAppDatabase({ dataDir: dir });
    const runs: Run[] = [];
    for (const [k, b] of buys.entries()) {
      const { load, r } = statuses[k];
      const st = await checkStock(edb, b, 1);
      const accepted = r.statuses.get(201) ?? 0;
      const short = r.statuses.get(409) ?? 0;
      const errors5xx = [...r.statuses].filter(([c]) => c >= 500).reduce((n, [, v]) => n + v, 0);
      const answered = [...r.statuses.values()].reduce((n, v) => n + v, 0);
      runs.push({
        load, requests: s.cookies.length, accepted, short, other4xx: answered - accepted - short - errors5xx, errors5xx, noAnswer: s.cookies.length - answered,
        seconds: r.seconds, rate: accepted / r.seconds, p50: r.p50, p99: r.p99, oversold: st.oversold, reconciles: st.reconciles, incomplete: st.incomplete,
        shortReasons: [...r.reasons].map(([c, v]) => `${v} ${c}`).join(', '),
      });
    }
    await edb.close();
    return { runs, ...mem, startSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface KillRun {
  load: number[]; requests: number; seconds: number; answered2xx: number; failedOver: number; refused: number; errors5xx: number; noAnswer: number;
  killedAfter: number; rate: number; p50: number; p99: number;
  oversold: number; reconciles: boolean; incomplete: number; lost: number; duplicates: number; paymentMismatch: number; eventMismatch: number; hotLeft: number; stock: number;
}

/**
 * Two instances on one database share a rush of three-item baskets (the hot item scarce: half the
 * residents); when a third of the answers are in, one instance is killed with SIGKILL. Requests
 * that then find no server (or lose their answer) go to the survivor with the same idempotency
 * key, as a proxy would retry them. Afterwards: stock against lines and movements, every 2xx
 * answer's order present and complete, one payment per order of the order's amount, one
 * `order.placed` event per order, no resident with two orders.
 */
async function killRun(db: Database, s: Shop, survivorPort: number): Promise<KillRun> {
  const victimPort = PORT + 1;
  const stock = Math.floor(s.cookies.length / 2);
  const buy = await openBuy(db, s, stock, s.cookies.length);
  const victim = await startServer(benchUrl, victimPort);
  const target = basketTarget(buy);
  const load = os.loadavg();
  const orderIds = new Set<string>();
  const latencies: number[] = [];
  let next = 0;
  let answered = 0;
  let answered2xx = 0;
  let refused = 0;
  let errors5xx = 0;
  let failedOver = 0;
  let noAnswer = 0;
  let killedAfter = -1;
  let first = 0;
  let last = 0;
  const send = async (port: number, cookie: string, body: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${target.path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
    return { status: res.status, json: await res.json().catch(() => null) as { order?: { id: string } } | null };
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (next < s.cookies.length) {
      const k = next++;
      const body = JSON.stringify(target.body(k));
      const t0 = performance.now();
      if (!first) first = t0;
      let answer: Awaited<ReturnType<typeof send>> | null = null;
      try {
        answer = await send(k % 2 ? victimPort : survivorPort, s.cookies[k], body);
      } catch {
        failedOver++;
        try { answer = await send(survivorPort, s.cookies[k], body); } catch { answer = null; }
      }
      last = performance.now();
      if (!answer) { noAnswer++; continue; }
      answered++;
      latencies.push(last - t0);
      if (answer.status >= 200 && answer.status < 300) {
        answered2xx++;
        if (answer.json?.order?.id) orderIds.add(answer.json.order.id);
      } else if (answer.status >= 500) errors5xx++;
      else refused++;
      if (killedAfter < 0 && answered >= s.cookies.length / 3) {
        killedAfter = answered;
        victim.kill('SIGKILL');
      }
    }
  }));
  if (victim.exitCode === null) victim.kill('SIGKILL');
  latencies.sort((a, b) => a - b);
  const st = await checkStock(db, buy, 3);
  const ids = [...orderIds];
  const [r] = await q<{ lost: number; duplicates: number; payment_mismatch: number; event_mismatch: number }>(db, sql`
    with mine as (select distinct o.id, o.user_id, o.total_fen from orders o join order_lines l on l.order_id = o.id where l.group_buy_id = ${buy.id})
    select
      (select count(*)::int from unnest(${`{${ids.join(',')}}`}::uuid[]) a(id) where not exists (select 1 from mine where mine.id = a.id)) as lost,
      (select count(*)::int from (select user_id from mine group by user_id having count(*) > 1) d) as duplicates,
      (select count(*)::int from mine where (select count(*) from payments p where p.order_id = mine.id and p.amount_fen = mine.total_fen) <> 1
        or exists (select 1 from payments p where p.order_id = mine.id and p.amount_fen <> mine.total_fen)) as payment_mismatch,
      (select count(*)::int from mine where (select count(*) from domain_events e where e.type = 'order.placed' and e.subject_id = mine.id) <> 1) as event_mismatch`);
  const seconds = (last - first) / 1000;
  return {
    load, requests: s.cookies.length, seconds, answered2xx, failedOver, refused, errors5xx, noAnswer, killedAfter, rate: answered2xx / seconds,
    p50: pct(latencies, 50), p99: pct(latencies, 99), oversold: st.oversold, reconciles: st.reconciles, incomplete: st.incomplete,
    lost: r.lost, duplicates: r.duplicates, paymentMismatch: r.payment_mismatch, eventMismatch: r.event_mismatch, hotLeft: st.hotLeft, stock,
  };
}

/** The embedded-default and kill -9 sections of RESULTS.md. */
function infraSection(e: EmbeddedResult, kills: KillRun[]) {
  const er = spread(e.runs.map((r) => r.rate));
  const mid = [...e.runs].sort((a, b) => a.rate - b.rate)[Math.floor((e.runs.length - 1) / 2)];
  const kr = spread(kills.map((k) => k.rate));
  return `## The embedded default (server on PGlite)

\`npm start\` without \`DATABASE_URL\`: the same server on PGlite in a fresh data directory, ${RESIDENTS} residents each placing one order of the hot item at once (stock for all).
The server took ${e.startSeconds.toFixed(1)} s to answer after its start; after the rounds it held ${e.rssMb.toFixed(0)} MiB (peak ${e.peakMb.toFixed(0)} MiB).

| runs | orders/s min / **median** / max | accepted (runs) | 5xx | no answer | p50 | p99 | oversold | reconciles | load avg 1 / 5 / 15 min at start (runs) |
|---|---|---|---|---|---|---|---|---|---|
| ${e.runs.length} | ${f0(er.min)} / **${f0(er.median)}** / ${f0(er.max)} | ${e.runs.map((r) => r.accepted).join(' / ')} | ${e.runs.reduce((n, r) => n + r.errors5xx, 0)} | ${e.runs.reduce((n, r) => n + r.noAnswer, 0)} | ${f0(mid.p50)} ms | ${f0(mid.p99)} ms | ${e.runs.reduce((n, r) => n + r.oversold, 0)} | ${e.runs.every((r) => r.reconciles) ? 'yes' : 'NO'} | ${e.runs.map((r) => loadOf(r.load)).join('; ')} |

Times per run: ${e.runs.map((r) => `${r.seconds.toFixed(2)} s`).join(', ')}.

## kill -9 of one of two instances in mid-rush

Two servers on one PostgreSQL database; ${RESIDENTS} residents post a three-item basket (hot item stock ${kills[0]?.stock}, the others enough), alternating between them, ${CONNECTIONS} at a time.
When a third of the answers are in, one server gets SIGKILL; a request that finds it gone (or loses its answer) is sent to the survivor with the same idempotency key, as a proxy would.
Then the books are checked: stock against order lines and the movement log, every 2xx answer's order present and complete, one payment per order of the order's amount,
one \`order.placed\` event per order, no resident with two orders.

| run | load avg 1 / 5 / 15 min at start | time | 2xx | refused (4xx) | 5xx | retried on the survivor | no answer | killed after | 2xx/s | p50 | p99 | hot stock left | oversold | reconciles | lost 2xx orders | incomplete baskets | payment ≠ order | events ≠ 1 | residents with 2 orders |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${kills.map((k, i) => `| ${i + 1} | ${loadOf(k.load)} | ${k.seconds.toFixed(2)} s | ${k.answered2xx} | ${k.refused} | ${k.errors5xx} | ${k.failedOver} | ${k.noAnswer} | ${k.killedAfter} answers | ${f0(k.rate)} | ${f0(k.p50)} ms | ${f0(k.p99)} ms | ${k.hotLeft} | ${k.oversold} | ${k.reconciles ? 'yes' : 'NO'} | ${k.lost} | ${k.incomplete} | ${k.paymentMismatch} | ${k.eventMismatch} | ${k.duplicates} |`).join('\n')}

2xx/s min / **median** / max: ${f0(kr.min)} / **${f0(kr.median)}** / ${f0(kr.max)}.
`;
}

/** The after-sales section of RESULTS.md. */
function claimsSection(c: ClaimsResult) {
  return `## After-sales (售后)

${c.photos.toLocaleString('en')} claim photos of ${c.claims.toLocaleString('en')} claims in ${c.communities} communities over 180 days.

| what | figure | notes |
|---|---|---|
| photo-reuse search for one new photo (same community, product or resident; Hamming distance in SQL) | p50 **${c.searchP50Ms.toFixed(1)} ms**, p99 ${c.searchP99Ms.toFixed(1)} ms | ${c.searches} searches; ${c.matchesFound} of ${c.searches / 2} planted near-copies found |
| perceptual hashes + EXIF + thumbnail of a 640×480 photo | ${c.analyseSmallMs.toFixed(0)} ms | three 64-bit pHashes (as is, mirrored, 80% crop) |
| the same for a 4000×3000 phone photo (${(c.phoneBytes / 1024 / 1024).toFixed(1)} MB JPEG) | ${c.analysePhoneMs.toFixed(0)} ms | decoded once (shrunk on load to ≤ 1024 px), then hashed and thumbnailed |
| escalating ${c.overdue.toLocaleString('en')} claims past their leader's deadline | **${c.escalateSeconds.toFixed(1)} s** | 200 per transaction, ${c.escalatedEvents.toLocaleString('en')} \`claim.escalated\` events (exactly one each) |

Generating the data took ${c.setupSeconds.toFixed(0)} s and is not counted.
`;
}

type ScenarioKey = 'rush1' | 'rush1Scarce' | 'rush3' | 'rush3Scarce' | 'checkout1' | 'checkout3';
const SCENARIOS: { key: ScenarioKey; label: string }[] = [
  { key: 'rush1', label: `one item, enough stock (${RESIDENTS})` },
  { key: 'rush1Scarce', label: `one item, scarce stock (${Math.floor(RESIDENTS / 3)})` },
  { key: 'rush3', label: `three-item baskets, enough stock (hot ${RESIDENTS})` },
  { key: 'rush3Scarce', label: `three-item baskets, hot item scarce (${Math.floor(RESIDENTS / 3)})` },
  { key: 'checkout1', label: 'checkout, one item (order + payment)' },
  { key: 'checkout3', label: 'checkout, three-item basket (order + payment)' },
];
type BareRun = Awaited<ReturnType<typeof bareSql>>;

const f0 = (x: number) => x.toFixed(0);
const loadOf = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');

/** The rush, checkout and bare-SQL section of RESULTS.md. */
function rushSection(runs: Record<ScenarioKey, Run[]>, bare1: BareRun[], bare3: BareRun[], st1: Statements, st3: Statements) {
  const summary = SCENARIOS.map(({ key, label }) => {
    const rs = runs[key];
    const rate = spread(rs.map((r) => r.rate));
    const mid = [...rs].sort((a, b) => a.rate - b.rate)[Math.floor((rs.length - 1) / 2)];
    return `| ${label} | ${rs[0].requests} | ${rs.map((r) => r.accepted).join(' / ')} | ${rs.map((r) => r.short).join(' / ')} | ${rs.reduce((s, r) => s + r.errors5xx, 0)} | ${rs.reduce((s, r) => s + r.noAnswer, 0)} | ${f0(rate.min)} / **${f0(rate.median)}** / ${f0(rate.max)} | ${f0(mid.p50)} ms | ${f0(mid.p99)} ms | ${rs.reduce((s, r) => s + r.oversold, 0)} | ${rs.every((r) => r.reconciles && r.incomplete === 0) ? 'yes' : 'NO'} | ${rs.map((r) => r.load[0].toFixed(2)).join(' / ')} |`;
  }).join('\n');
  const details = SCENARIOS.flatMap(({ key, label }) => runs[key].map((r, i) =>
    `| ${label} | ${i + 1} | ${loadOf(r.load)} | ${r.seconds.toFixed(2)} s | ${r.accepted} | ${r.short}${r.shortReasons ? ` (${r.shortReasons})` : ''} | ${r.other4xx} | ${r.errors5xx} | ${r.noAnswer} | ${f0(r.rate)} | ${f0(r.p50)} ms | ${f0(r.p99)} ms | ${r.oversold} | ${r.reconciles ? 'yes' : 'NO'} | ${r.incomplete} |`)).join('\n');
  const b1 = spread(bare1.map((b) => b.rate));
  const b3 = spread(bare3.map((b) => b.rate));
  const r1 = spread(runs.rush1.map((r) => r.rate));
  const r3 = spread(runs.rush3.map((r) => r.rate));
  const c1 = spread(runs.checkout1.map((r) => r.rate));
  const c3 = spread(runs.checkout3.map((r) => r.rate));
  const perRound = (a: Run[], b: BareRun[]) => a.map((r, i) => `${((100 * r.rate) / b[i].rate).toFixed(1)} %`).join(' / ');
  return `## Rush and checkout: ${RESIDENTS} residents at once

Each scenario runs ${runs.rush1.length} times on a fresh group buy (same residents, same server), in rounds: the six scenarios, then the two bare-SQL baselines, then the next round.
Time runs from the first request sent to the last response received. The one-item rush posts \`POST /api/group-buys/:id/orders { quantity: 1, idempotencyKey }\` (立即购买,
which goes through the basket checkout); a three-item basket posts \`POST /api/communities/:id/checkout { idempotencyKey, lines }\`: the hot item (草莓, in every basket) + one of
${OTHERS.length} other items + a third, all in one group buy; per-person limit 1 on every item. Checkout = the order, then \`POST /api/payments/:id/sandbox-confirm\`, with ${CHECKOUT_WORKERS} concurrent buyers (${CHECKOUTS} each run).

| scenario | requests | accepted (runs) | 409 (runs) | 5xx | no answer in 10 s | completed orders/s min / **median** / max | p50 | p99 | oversold units | stock reconciles per item, baskets complete | load avg (1 min) at start |
|---|---|---|---|---|---|---|---|---|---|---|---|
${summary}

p50/p99 are those of the median run (per-run figures below); 5xx and oversold units are summed over all runs. "Stock reconciles" means, for every item:
units on live order lines = stock total − stock available, never negative, and the movement log agrees (\`reconcileStock\`); and every accepted basket has all its lines.

<details><summary>Every run</summary>

| scenario | run | load avg 1 / 5 / 15 min at start | time | accepted | 409 (error code: line reasons) | other 4xx | 5xx | no answer | orders/s | p50 | p99 | oversold | reconciles | incomplete baskets |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${details}

</details>

## Against the bare-SQL floor (same database, same window)

| what | runs (tx/s) | min / **median** / max | load avg (1 min) at start |
|---|---|---|---|
| bare SQL, one hot row: BEGIN; UPDATE the hot stock row; INSERT order; COMMIT — ${BARE_CLIENTS} clients, ${BARE_TX} tx | ${bare1.map((b) => f0(b.rate)).join(' / ')} | ${f0(b1.min)} / **${f0(b1.median)}** / ${f0(b1.max)} | ${bare1.map((b) => b.load[0].toFixed(2)).join(' / ')} |
| bare SQL, three rows: BEGIN; UPDATE the hot row and two others in id order; INSERT order; INSERT 3 lines; COMMIT | ${bare3.map((b) => f0(b.rate)).join(' / ')} | ${f0(b3.min)} / **${f0(b3.median)}** / ${f0(b3.max)} | ${bare3.map((b) => b.load[0].toFixed(2)).join(' / ')} |

| Linli / bare (medians) | ratio | per round |
|---|---|---|
| one-item rush / one-row bare | **${((100 * r1.median) / b1.median).toFixed(1)} %** (${f0(r1.median)} vs ${f0(b1.median)}) | ${perRound(runs.rush1, bare1)} |
| three-item basket rush / three-row bare | **${((100 * r3.median) / b3.median).toFixed(1)} %** (${f0(r3.median)} vs ${f0(b3.median)}) | ${perRound(runs.rush3, bare3)} |
| one-item checkout (order + payment) / one-row bare | ${((100 * c1.median) / b1.median).toFixed(1)} % | ${perRound(runs.checkout1, bare1)} |
| three-item checkout / three-row bare | ${((100 * c3.median) / b3.median).toFixed(1)} % | ${perRound(runs.checkout3, bare3)} |

References measured elsewhere on the same kind of machine: Vendure 3.7 checkout ~6/s (oversold 200 orders against 50 units); Medusa 2.21 checkout ~1/s (91–96% HTTP 500 under a 200-buyer burst).

## SQL statements per order

Counted at the node-postgres client (BEGIN and COMMIT included), second placement on a warm pool.

| | one item | three-item basket |
|---|---|---|
| \`placeOrder\` (the order transaction) | **${st1.place}** | **${st3.place}** |
| + \`itemsForOrdering\` (the read before it) | ${st1.place + st1.items} | ${st3.place + st3.items} |
| the whole request's workflow (\`buyNow\` / \`checkout\`: items with her membership in one read, the order, the payment row; a basket checkout also clears the basket) | ${st1.request} | ${st3.request} |
| + the session lookup = one HTTP request | ${st1.request + 1} | ${st3.request + 1} |
| payment notification (\`handlePaymentSucceeded\`) | ${st1.pay} | ${st3.pay} |
`;
}

async function main() {
  if (process.env.BENCH_ONLY === 'claims') {
    const only = await createBenchDatabase();
    await (await openAppDatabase({ url: only.url, poolSize: 1 })).close();
    const c = await claimsScenario(only.url).finally(() => dropDatabase(only.name));
    console.log(claimsSection(c));
    return;
  }
  if (process.env.BENCH_ONLY === 'trust') {
    const only = await createBenchDatabase();
    await (await openAppDatabase({ url: only.url, poolSize: 1 })).close();
    const r = await trustScenario(only.url, Number(process.env.BENCH_TRUST_ORDERS ?? 1_000_000), Number(process.env.BENCH_TRUST_RESIDENTS ?? 100_000))
      .finally(() => dropDatabase(only.name));
    console.log(JSON.stringify({ ...r, loadavg: os.loadavg() }, null, 1));
    return;
  }
  const target = await createBenchDatabase();
  benchUrl = target.url;
  console.log(`bench database ${target.name} on PostgreSQL ${target.version}`);
  const db = await openAppDatabase({ url: target.url, poolSize: 4 });
  let server: ChildProcess | null = null;
  try {
    const s = await shop(db, '1', RESIDENTS);
    const counting = await shop(db, '4', 0);
    server = await startServer(target.url);
    if (process.env.BENCH_ONLY === 'infra') {
      // Only the embedded default and the kill -9 runs (they are the slow ones to start).
      const kills: KillRun[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        kills.push(await killRun(db, s, PORT));
        const k = kills[kills.length - 1];
        console.log(`kill -9 round ${round}: ${k.answered2xx} 2xx, lost ${k.lost}, oversold ${k.oversold}, reconciles ${k.reconciles}`);
      }
      await stopServer(server);
      server = null;
      const embedded = await embeddedScenario();
      console.log(`size: ${RESIDENTS} residents (BENCH_SCALE=${SCALE}), ${CONNECTIONS} connections, ${ROUNDS} rounds; load avg now ${loadOf(os.loadavg())}\n`);
      console.log(infraSection(embedded, kills));
      return;
    }

    // Warm-up on a few residents (JIT, prepared plans, pool), on group buys of their own.
    const w1 = await openBuy(db, s, 200);
    await rush(buyNowTarget(w1), s.cookies.slice(0, 200));
    const w3 = await openBuy(db, s, 200, 200);
    await rush(basketTarget(w3), s.cookies.slice(0, 200));

    const runs: Record<ScenarioKey, Run[]> = { rush1: [], rush1Scarce: [], rush3: [], rush3Scarce: [], checkout1: [], checkout3: [] };
    const bare1: BareRun[] = [];
    const bare3: BareRun[] = [];
    const scarce = Math.floor(RESIDENTS / 3);
    for (let round = 1; round <= ROUNDS; round++) {
      let b = await openBuy(db, s, RESIDENTS);
      runs.rush1.push(await rushRun(db, buyNowTarget(b), b, s.cookies, 1));
      b = await openBuy(db, s, scarce);
      runs.rush1Scarce.push(await rushRun(db, buyNowTarget(b), b, s.cookies, 1));
      b = await openBuy(db, s, RESIDENTS, RESIDENTS);
      runs.rush3.push(await rushRun(db, basketTarget(b), b, s.cookies, 3));
      b = await openBuy(db, s, scarce, RESIDENTS);
      runs.rush3Scarce.push(await rushRun(db, basketTarget(b), b, s.cookies, 3));
      b = await openBuy(db, s, CHECKOUTS);
      runs.checkout1.push(await checkoutRun(db, buyNowTarget(b), b, s.cookies.slice(0, CHECKOUTS), 1));
      b = await openBuy(db, s, CHECKOUTS, CHECKOUTS);
      runs.checkout3.push(await checkoutRun(db, basketTarget(b), b, s.cookies.slice(0, CHECKOUTS), 3));
      bare1.push(await bareSql(target.url, 1));
      bare3.push(await bareSql(target.url, 3));
      const last = (k: ScenarioKey) => runs[k][runs[k].length - 1];
      console.log(`round ${round}: ${SCENARIOS.map(({ key }) => `${key} ${f0(last(key).rate)}/s`).join(', ')}, bare ${f0(bare1[bare1.length - 1].rate)} / ${f0(bare3[bare3.length - 1].rate)} tx/s`);
    }
    const kills: KillRun[] = [];
    if (process.env.BENCH_KILL !== 'false') {
      for (let round = 1; round <= ROUNDS; round++) {
        kills.push(await killRun(db, s, PORT));
        const k = kills[kills.length - 1];
        console.log(`kill -9 round ${round}: ${k.answered2xx} 2xx, lost ${k.lost}, oversold ${k.oversold}, reconciles ${k.reconciles}`);
      }
    }
    await stopServer(server);
    server = null;
    const embedded = process.env.BENCH_EMBEDDED === 'false' ? null : await embeddedScenario();
    const infraMd = embedded && kills.length ? infraSection(embedded, kills) : '';
    const st1 = await statementsPerOrder(db, counting, 1);
    const st3 = await statementsPerOrder(db, counting, 3);
    const rushMd = rushSection(runs, bare1, bare3, st1, st3) + (infraMd ? `\n${infraMd}` : '');
    const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const cpu = os.cpus()[0]?.model ?? 'unknown';
    const head = `# Benchmarks

Measured by \`npm run bench\` (bench/run.ts) on ${date} UTC.
Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, PostgreSQL ${target.version}.
The server is started as its own process (\`tsx src/main.ts start\`, pool of 20 connections) against a fresh database;
the load generator (autocannon, ${CONNECTIONS} connections) runs on the same ${os.cpus().length} cores, so every figure below includes its cost.
`;
    if (process.env.BENCH_ONLY === 'rush') {
      console.log(`${head}\n${rushMd}`);
      return;
    }
    // Kept at once, so a failure in a later scenario does not lose the rush figures.
    writeFileSync(new URL('./RESULTS.rush.partial.md', import.meta.url), `${head}\n${rushMd}`);

    const aggTarget = await createBenchDatabase();
    const aggDb = await openAppDatabase({ url: aggTarget.url, poolSize: 1 });
    await aggDb.close();
    const agg = await aggregationScenario(aggTarget.url).finally(() => dropDatabase(aggTarget.name));

    const trustTarget = await createBenchDatabase();
    const trustDb = await openAppDatabase({ url: trustTarget.url, poolSize: 1 });
    await trustDb.close();
    const trust = await trustScenario(trustTarget.url, Number(process.env.BENCH_TRUST_ORDERS ?? 1_000_000), Number(process.env.BENCH_TRUST_RESIDENTS ?? 100_000)).finally(() => dropDatabase(trustTarget.name));

    const claimsTarget = await createBenchDatabase();
    await (await openAppDatabase({ url: claimsTarget.url, poolSize: 1 })).close();
    const claims = await claimsScenario(claimsTarget.url).finally(() => dropDatabase(claimsTarget.name));

    const md = `${head}
${rushMd}
## Cut-off aggregation (以销定产)

${agg.orders.toLocaleString('en')} paid orders (baskets of ${agg.orderLines.toLocaleString('en')} lines) in ${agg.groupBuys} closed group buys of ${agg.itemsPerGroupBuy} items each (${agg.items.toLocaleString('en')} items)
across ${agg.communities} communities and ${agg.suppliers} suppliers, aggregated by the real consumer (\`aggregateClosedGroupBuys\`, 500 \`groupbuy.closed\` events per transaction)
into purchase-order lines, one per item.

| orders | lines | items | transactions | purchase-order lines | purchase orders | time | peak RSS of the aggregating process | quantities agree per item |
|---|---|---|---|---|---|---|---|---|
| ${agg.orders} | ${agg.orderLines} | ${agg.items} | ${agg.transactions} | ${agg.lines} | ${agg.purchaseOrders} | **${agg.seconds.toFixed(2)} s** | ${agg.peakRssMb.toFixed(0)} MiB (${(agg.peakRssMb - agg.baselineRssMb).toFixed(0)} MiB above its baseline) | ${agg.sumsAgree ? 'yes' : 'NO'} |

The lines are summed inside PostgreSQL (one \`GROUP BY\` item per batch of group buys), so the process never holds the orders themselves.
"Agree per item": every item with paid units has exactly one purchase-order line, of its paid, unrefunded units.

## Trust recomputation

${trust.orders.toLocaleString('en')} picked-up orders (baskets of ${trust.lines.toLocaleString('en')} lines: one \`order.picked_up\` event per line, one \`handover.recorded\` and one \`order.paid\` per order)
of ${trust.residents.toLocaleString('en')} residents in ${trust.leaders} communities, spread over 6 months.

| what | time | notes |
|---|---|---|
| every resident's evidence and profile (score, level) from the events | **${trust.residentsSeconds.toFixed(1)} s** | ${trust.path === 'sql' ? 'one set-based transaction (`recomputeAllResidents`)' : `${trust.residentBatches} consumer transactions of 20,000 events`}; ${(trust.lines / trust.residentsSeconds).toFixed(0)} line events/s; ${trust.evidence.toLocaleString('en')} evidence rows (one per order and hand-over) |
| every leader's index reading (S, C, R, A, F from events — ratings, claims, hand-overs, community activity — tier with hysteresis) | **${trust.leadersSeconds.toFixed(1)} s** | ${(trust.leadersSeconds * 1000 / trust.leaders).toFixed(1)} ms per leader |
| one new pickup event afterwards | **${trust.incrementalMs.toFixed(1)} ms** | recomputed ${trust.incrementalResidents} resident — not the world |

Peak RSS of the recomputing process: ${trust.peakRssMb.toFixed(0)} MiB (${(trust.peakRssMb - trust.baselineRssMb).toFixed(0)} MiB above its baseline). Generating the data took ${trust.setupSeconds.toFixed(0)} s and is not counted.

${claimsSection(claims)}`;
    writeFileSync(new URL('./RESULTS.md', import.meta.url), md);
    rmSync(new URL('./RESULTS.rush.partial.md', import.meta.url), { force: true });
    console.log(md);
  } finally {
    if (server) await stopServer(server);
    await db.close();
    await dropDatabase(target.name);
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
