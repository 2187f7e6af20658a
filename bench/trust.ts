/**
 * Trust recomputation at scale: every resident profile and every leader index from 1,000,000
 * picked-up orders (baskets of one or two lines) and their domain events, as the hand-over and
 * payment workflows write them; then one new event, which must not recompute the world.
 */
import pg from 'pg';
import { openAppDatabase } from '../src/db/open.js';
import { ingestTrustEvents } from '../src/modules/trust/service.js';
import { recomputeAllResidents } from '../src/modules/trust/recompute.service.js';
import { recordLeaderReading } from '../src/modules/trust/leader-index.service.js';

export interface TrustResult {
  orders: number; lines: number; residents: number; leaders: number; evidence: number;
  setupSeconds: number; residentsSeconds: number; residentBatches: number; leadersSeconds: number;
  incrementalMs: number; incrementalResidents: number; peakRssMb: number; baselineRssMb: number; path: 'sql' | 'consumer';
}

export async function trustScenario(url: string, orders = 1_000_000, residents = 100_000, communities = 500): Promise<TrustResult> {
  const raw = new pg.Pool({ connectionString: url, max: 2 });
  const q = (text: string, params: unknown[] = []) => raw.query(text, params);
  const t0 = performance.now();
  const { lines } = await seedTrustData(raw, orders, residents, communities);
  const setupSeconds = (performance.now() - t0) / 1000;

  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const db = await openAppDatabase({ url, poolSize: 2 });
  const r0 = performance.now();
  // The set-based recomputation (one transaction); BENCH_TRUST_PATH=consumer measures the
  // incremental consumer catching up from nothing instead, as before.
  const viaConsumer = process.env.BENCH_TRUST_PATH === 'consumer';
  let residentBatches = 0;
  if (viaConsumer) {
    for (;;) {
      const r = await ingestTrustEvents(db.db, 20_000);
      if (r.events === 0) break;
      residentBatches++;
    }
  } else {
    await recomputeAllResidents(db.db);
    residentBatches = 1;
  }
  const residentsSeconds = (performance.now() - r0) / 1000;
  const [{ evidence }] = (await q('select count(*)::int as evidence from resident_evidence')).rows;
  const leaders = (await q(`select user_id from memberships where role = 'leader' and user_id in (select id from users where phone like '18%')`)).rows as { user_id: string }[];
  const l0 = performance.now();
  // BENCH_TRUST_LEADERS=0 leaves the leaders out (minutes at full size) when only residents are measured.
  if (process.env.BENCH_TRUST_LEADERS !== '0') for (const l of leaders) await recordLeaderReading(db.db, l.user_id);
  const leadersSeconds = (performance.now() - l0) / 1000;

  // One new pickup (a one-line order handed over now): only that resident is recomputed.
  await q(`insert into domain_events (type, community_id, actor_id, subject_id, payload)
    select 'order.picked_up', m.community_id, m.user_id, gen_random_uuid(),
      jsonb_build_object('orderId', gen_random_uuid(), 'groupBuyId', gen_random_uuid(), 'itemId', gen_random_uuid(), 'residentId', u.id,
        'quantity', 1, 'totalFen', 3680, 'handoverId', gen_random_uuid())
    from users u, memberships m where u.phone = '17000000001' and m.role = 'leader' limit 1`);
  const i0 = performance.now();
  const inc = await ingestTrustEvents(db.db, 20_000);
  const incrementalMs = performance.now() - i0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  await db.close();
  await raw.end();
  return {
    orders, lines, residents, leaders: leaders.length, evidence, setupSeconds, residentsSeconds, residentBatches, leadersSeconds,
    incrementalMs, incrementalResidents: inc.residents, peakRssMb: peak / 2 ** 20, baselineRssMb: baseline / 2 ** 20, path: viaConsumer ? 'consumer' : 'sql',
  };
}

/** The scenario's data: users, communities with their leaders, and every order's events. */
export async function seedTrustData(raw: pg.Pool, orders: number, residents: number, communities: number): Promise<{ lines: number }> {
  const q = (text: string, params: unknown[] = []) => raw.query(text, params);
  await q(`insert into users (phone, name, created_at) select '17' || lpad(i::text, 9, '0'), '居民' || i, now() - interval '400 days' from generate_series(1, $1) i`, [residents]);
  await q(`insert into users (phone, name) select '18' || lpad(i::text, 9, '0'), '团长' || i from generate_series(1, $1) i`, [communities]);
  await q(`insert into communities (name, address, invite_code)
    select '小区' || i, '地址', 'trust' || i from generate_series(1, $1) i`, [communities]);
  await q(`insert into pickup_points (community_id, name, address, hours) select id, '驿站', '1 楼', '08:00-20:00' from communities where invite_code like 'trust%'`);
  await q(`insert into memberships (community_id, user_id, role)
    select c.id, u.id, 'leader' from (select id, row_number() over (order by invite_code) n from communities where invite_code like 'trust%') c
    join (select id, row_number() over (order by phone) n from users where phone like '18%') u on u.n = c.n`);
  // Order i: resident i mod residents in her community, handed over by its leader; one line when i
  // is even, two when odd; ids derived from i so every event of one order agrees. Spread over 6 months.
  await q(`create table trust_plan as
    with c as (select c.id, m.user_id as leader_id, row_number() over (order by invite_code) - 1 as n
        from communities c join memberships m on m.community_id = c.id and m.role = 'leader' where invite_code like 'trust%'),
      u as (select id, row_number() over (order by phone) - 1 as n from users where phone like '17%')
    select i, 1 + i % 2 as lines, u.id as resident_id, c.id as community_id, c.leader_id,
      md5('order' || i)::uuid as order_id, md5('handover' || i)::uuid as handover_id, md5('gb' || c.n || '-' || (i % 180))::uuid as group_buy_id,
      1000 + (i % 7) * 900 as first_fen, now() - ((i % 180) || ' days')::interval + interval '2 days' as picked_at
    from generate_series(0, $1 - 1) i
    join u on u.n = i % $2
    join c on c.n = (i % $2) % $3`, [orders, residents, communities]);
  // Payment first (one per basket, actor the resident), then the hand-over (one per order here)
  // and its lines ('order.picked_up' per line, subject the line, actor the leader).
  await q(`insert into domain_events (type, community_id, actor_id, subject_id, payload, occurred_at)
    select 'order.paid', p.community_id, p.resident_id, p.order_id,
      jsonb_build_object('totalFen', p.first_fen + (p.lines - 1) * 1500, 'quantity', p.lines, 'groupBuyId', p.group_buy_id,
        'lines', (select jsonb_agg(jsonb_build_object('lineId', md5('line' || p.i || '-' || j)::uuid, 'groupBuyId', p.group_buy_id,
          'itemId', md5('item' || p.group_buy_id || j)::uuid, 'quantity', 1, 'totalFen', case when j = 1 then p.first_fen else 1500 end, 'groupNumber', 1 + p.i % 200))
          from generate_series(1, p.lines) j)),
      p.picked_at - interval '2 days'
    from trust_plan p`);
  await q(`insert into domain_events (type, community_id, actor_id, subject_id, payload, occurred_at)
    select 'order.picked_up', p.community_id, p.leader_id, md5('line' || p.i || '-' || j)::uuid,
      jsonb_build_object('orderId', p.order_id, 'groupBuyId', p.group_buy_id, 'itemId', md5('item' || p.group_buy_id || j)::uuid, 'residentId', p.resident_id,
        'quantity', 1, 'totalFen', case when j = 1 then p.first_fen else 1500 end, 'handoverId', p.handover_id),
      p.picked_at
    from trust_plan p cross join lateral generate_series(1, p.lines) j`);
  await q(`insert into domain_events (type, community_id, actor_id, subject_id, payload, occurred_at)
    select 'handover.recorded', p.community_id, p.leader_id, p.handover_id,
      jsonb_build_object('method', 'code', 'residentId', p.resident_id, 'passId', null,
        'lineIds', (select jsonb_agg(md5('line' || p.i || '-' || j)::uuid) from generate_series(1, p.lines) j)),
      p.picked_at
    from trust_plan p`);
  const [{ lines }] = (await q('select sum(lines)::int as lines from trust_plan')).rows;
  await q('drop table trust_plan');
  await q('vacuum analyze');
  return { lines: lines as number };
}
