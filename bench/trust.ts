/**
 * Trust recomputation at scale: every resident profile and every leader index from 1,000,000
 * picked-up orders and their domain events; then one new event, which must not recompute the world.
 */
import pg from 'pg';
import { openDatabase } from '../src/db/client.js';
import { ingestTrustEvents } from '../src/modules/trust/service.js';
import { recordLeaderReading } from '../src/modules/trust/leader-index.service.js';

export interface TrustResult {
  orders: number; residents: number; leaders: number;
  setupSeconds: number; residentsSeconds: number; residentBatches: number; leadersSeconds: number;
  incrementalMs: number; incrementalResidents: number; peakRssMb: number; baselineRssMb: number;
}

export async function trustScenario(url: string, orders = 1_000_000, residents = 100_000, communities = 500): Promise<TrustResult> {
  const raw = new pg.Pool({ connectionString: url, max: 2 });
  const q = (text: string, params: unknown[] = []) => raw.query(text, params);
  const t0 = performance.now();
  await q(`insert into users (phone, name, created_at) select '17' || lpad(i::text, 9, '0'), '居民' || i, now() - interval '400 days' from generate_series(1, $1) i`, [residents]);
  await q(`insert into users (phone, name) select '18' || lpad(i::text, 9, '0'), '团长' || i from generate_series(1, $1) i`, [communities]);
  await q(`insert into communities (name, address, pickup_point_name, pickup_point_address, pickup_hours, invite_code)
    select '小区' || i, '地址', '驿站', '1 楼', '08:00-20:00', 'trust' || i from generate_series(1, $1) i`, [communities]);
  await q(`insert into memberships (community_id, user_id, role)
    select c.id, u.id, 'leader' from (select id, row_number() over (order by invite_code) n from communities where invite_code like 'trust%') c
    join (select id, row_number() over (order by phone) n from users where phone like '18%') u on u.n = c.n`);
  // Picked-up orders become domain events (the trust module's only input), spread over 6 months.
  await q(`with c as (select id, row_number() over (order by invite_code) - 1 as n from communities where invite_code like 'trust%'),
      u as (select id, row_number() over (order by phone) - 1 as n from users where phone like '17%')
    insert into domain_events (type, community_id, actor_id, subject_id, payload, occurred_at)
    select t.type, c.id, u.id, gen_random_uuid(),
      jsonb_build_object('residentId', u.id, 'totalFen', 1000 + (i % 7) * 900, 'quantity', 1), now() - ((i % 180) || ' days')::interval
    from generate_series(0, $1 - 1) i
    join u on u.n = i % $2
    join c on c.n = (i % $2) % $3
    cross join (values ('order.picked_up'), ('order.paid')) as t(type)`, [orders, residents, communities]);
  await q('vacuum analyze');
  const setupSeconds = (performance.now() - t0) / 1000;

  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const db = await openDatabase({ url, poolSize: 2 });
  const r0 = performance.now();
  let residentBatches = 0;
  for (;;) {
    const r = await ingestTrustEvents(db.db, 20_000);
    if (r.events === 0) break;
    residentBatches++;
  }
  const residentsSeconds = (performance.now() - r0) / 1000;
  const leaders = (await q(`select user_id from memberships where role = 'leader' and user_id in (select id from users where phone like '18%')`)).rows as { user_id: string }[];
  const l0 = performance.now();
  for (const l of leaders) await recordLeaderReading(db.db, l.user_id);
  const leadersSeconds = (performance.now() - l0) / 1000;

  // One new pickup: only that resident is recomputed.
  await q(`insert into domain_events (type, community_id, actor_id, subject_id, payload)
    select 'order.picked_up', m.community_id, u.id, gen_random_uuid(), jsonb_build_object('residentId', u.id, 'totalFen', 3680)
    from users u, memberships m where u.phone = '17000000001' and m.role = 'leader' limit 1`);
  const i0 = performance.now();
  const inc = await ingestTrustEvents(db.db, 20_000);
  const incrementalMs = performance.now() - i0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  await db.close();
  await raw.end();
  return {
    orders, residents, leaders: leaders.length, setupSeconds, residentsSeconds, residentBatches, leadersSeconds,
    incrementalMs, incrementalResidents: inc.residents, peakRssMb: peak / 2 ** 20, baselineRssMb: baseline / 2 ** 20,
  };
}
