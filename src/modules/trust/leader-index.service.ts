import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { leaderIndexReadings } from './schema.js';
import { leaderIndex, LEADER_WEIGHTS } from './formulas.js';
import { commissionRate, nextTier, type TierSettings } from './tiers.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import { tierSettings } from './settings.service.js';

const DAY = 86_400_000;
/** TRUST.md §4: half-life 60 days, events older than 180 days dropped. */
const HALF_LIFE = 60;
const WINDOW_DAYS = 180;
/** Residents active in community life (but not buying) add to activity A, at most this many. */
const ENGAGED_CAP = 30;

type Row = Record<string, number>;

/**
 * Gathers a leader's evidence from domain events only: NPS answers about him (satisfaction),
 * paid orders in the communities he leads (observations and activity), claims (complaints upheld
 * or left past their deadline; his response times) and hand-overs (fulfilment).
 */
async function leaderInputs(db: Db, leaderId: string, now: Date) {
  const since = new Date(now.getTime() - WINDOW_DAYS * DAY);
  const decay = (col: string) => sql.raw(`power(2, -extract(epoch from (now_param - ${col})) / 86400.0 / ${HALF_LIFE})`);
  const res = (await db.execute(sql`
    with params as (select ${now}::timestamptz as now_param),
    led as (select community_id from memberships where user_id = ${leaderId} and role = 'leader'),
    ratings as (
      select e.payload->>'score' as score, e.actor_id, e.occurred_at,
        coalesce((select p.score from resident_profiles p where p.user_id = e.actor_id), 53) / 100.0 as credibility
      from domain_events e where e.type = 'nps.answered' and e.payload->>'subjectType' = 'leader'
        and e.payload->>'subjectId' = ${leaderId} and e.occurred_at > ${since}
    ),
    -- One 'order.paid' per basket (actor = the resident, community = hers). Each line is an
    -- observation for complaint control, since a claim is filed per line; orders from before
    -- baskets carry no lines and are one line each.
    paid as (
      select e.actor_id, e.occurred_at, (e.payload->>'totalFen')::int as total,
        coalesce(jsonb_array_length(case when jsonb_typeof(e.payload->'lines') = 'array' then e.payload->'lines' end), 1) as lines
      from domain_events e where e.type = 'order.paid' and e.community_id in (select community_id from led) and e.occurred_at > ${since}
    ),
    ${complaintCtes(leaderId, since)},
    -- His own answers: a hit is answered within 30 opening-hour minutes and, if resolved by him, within 24 h.
    answers as (
      select occurred_at, ((payload->>'responseMinutes')::float <= 30
        and (not (payload->>'final')::boolean or (payload->>'decidedAt')::timestamptz - (payload->>'filedAt')::timestamptz <= interval '24 hours')) as hit
      from claim_decided where payload->>'by' = 'leader'
    ),
    -- Fulfilment: each hand-over he recorded (with her code, a pass, or without code) is one;
    -- pickups from before hand-overs existed count one each.
    handovers as (
      select e.subject_id, e.occurred_at, e.payload->>'method' as method from domain_events e
      where e.type = 'handover.recorded' and e.actor_id = ${leaderId} and e.occurred_at > ${since}
    ),
    handed as (
      select occurred_at from handovers
      union all select e.occurred_at from domain_events e
      where e.type = 'order.picked_up' and e.community_id in (select community_id from led) and e.occurred_at > ${since}
        and e.payload->>'handoverId' is null
    ),
    -- A fault: a "missing" claim upheld, or a resident disputing a hand-over he recorded without
    -- her code (once per hand-over, whatever the review of her claim finds later).
    handover_faults as (
      select occurred_at from claim_decided where payload->>'kind' = 'missing' and (payload->>'final')::boolean and (payload->>'upheld')::boolean
        and coalesce(payload->>'disputeOf', '') = ''
      union all select min(d.occurred_at) from domain_events d join handovers h on h.subject_id = d.subject_id
      where d.type = 'handover.disputed' and d.occurred_at > ${since} group by d.subject_id
    )
    select
      coalesce((select sum(${decay('x.occurred_at')}) from complaints x, params), 0)::float8 as complaints,
      coalesce((select sum(${decay('x.occurred_at')}) from answers x, params where x.hit), 0)::float8 as on_time,
      coalesce((select sum(${decay('x.occurred_at')}) from answers x, params where not x.hit), 0)::float8
        + coalesce((select sum(${decay('x.occurred_at')}) from deadline_missed x, params), 0)::float8 as late,
      coalesce((select sum(${decay('x.occurred_at')}) from handed x, params), 0)::float8 as handed_over,
      coalesce((select sum(${decay('x.occurred_at')}) from handover_faults x, params), 0)::float8 as handover_faults,
      (select count(*) from complaints)::int as raw_complaints,
      (select count(*) from handovers where method = 'without_code')::int as without_code,
      coalesce((select sum(r.credibility * ${decay('r.occurred_at')}) from ratings r, params where (r.score)::int >= 9), 0)::float8 as good,
      coalesce((select sum(r.credibility * ${decay('r.occurred_at')}) from ratings r, params where (r.score)::int <= 6), 0)::float8 as bad,
      coalesce((select sum(p.lines * ${decay('p.occurred_at')}) from paid p, params), 0)::float8 as orders,
      (select count(*) from paid)::int as raw_orders,
      (select count(distinct p.actor_id) from paid p where p.occurred_at > ${new Date(now.getTime() - 30 * DAY)} and p.total >= 1000 and p.actor_id <> ${leaderId})::int as buyers30,
      -- TRUST.md §4: community activity (posts, answers, votes, events attended) may add to A, capped.
      (select count(distinct e.actor_id) from domain_events e
        where e.type in ('post.published', 'question.answered', 'poll.voted', 'event.checked_in') and e.community_id in (select community_id from led)
          and e.occurred_at > ${new Date(now.getTime() - 30 * DAY)} and e.actor_id <> ${leaderId}
          and not exists (select 1 from domain_events p where p.type = 'order.paid' and p.actor_id = e.actor_id and p.community_id = e.community_id and p.occurred_at > ${new Date(now.getTime() - 30 * DAY)}))::int as engaged30`)) as unknown as { rows: Row[] };
  return res.rows[0];
}

/**
 * The claims against a leader since `since` (CTEs claim_decided, deadline_missed, complaints). The
 * leader index and campaign eligibility read complaints from this one definition.
 */
function complaintCtes(leaderId: string, since: Date) {
  return sql`claim_decided as (
      select e.subject_id, e.occurred_at, e.payload from domain_events e
      where e.type = 'claim.decided' and e.payload->>'leaderId' = ${leaderId} and e.occurred_at > ${since}
    ),
    deadline_missed as (
      select e.subject_id, e.occurred_at from domain_events e
      where e.type = 'claim.escalated' and e.payload->>'reason' = 'deadline' and e.payload->>'leaderId' = ${leaderId} and e.occurred_at > ${since}
    ),
    -- TRUST.md §4: a complaint counts when upheld after review or left past its deadline (once per claim).
    complaints as (
      select subject_id, min(occurred_at) as occurred_at from (
        select subject_id, occurred_at from claim_decided where (payload->>'final')::boolean and (payload->>'upheld')::boolean and (payload->>'reviewed')::boolean
        union all select subject_id, occurred_at from deadline_missed) x group by subject_id
    )`;
}

/** Complaints against a leader (upheld after review, or left past their deadline) in the last `days` days before `now`. */
export async function upheldComplaintCount(db: DbOrTx, leaderId: string, days: number, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - days * DAY);
  const res = (await db.execute(sql`with ${complaintCtes(leaderId, since)}
    select count(*)::int as n from complaints where occurred_at <= ${now}`)) as unknown as { rows: { n: number }[] };
  return Number(res.rows[0].n);
}

/** Computes a reading, decides the tier with hysteresis and keeps both, explained. */
export async function recordLeaderReading(db: Db, leaderId: string, now = new Date(), given?: TierSettings) {
  const settings = given ?? (await tierSettings(db));
  const x = await leaderInputs(db, leaderId, now);
  const result = leaderIndex({
    goodRatings: x.good, badRatings: x.bad, platformGoodShare: 0.9,
    orders: x.orders, complaints: x.complaints, claimsOnTime: x.on_time, claimsLate: x.late,
    // Neighbours active in the community without buying count too, up to 30 (a fifth of a full A).
    qualifiedBuyers30d: x.buyers30 + Math.min(ENGAGED_CAP, x.engaged30),
    handedOver: x.handed_over, handoverFaults: x.handover_faults,
  });
  return inTransaction(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`leader-index:${leaderId}`}))`);
    const previous = await tx.select().from(leaderIndexReadings).where(eq(leaderIndexReadings.leaderId, leaderId)).orderBy(desc(leaderIndexReadings.computedAt)).limit(settings.readingsToChange);
    const recent = [...previous].reverse().map((r) => r.indexValue).concat(result.index);
    const decision = nextTier(previous[0]?.tier ?? null, recent, x.raw_orders, settings);
    const [row] = await tx.insert(leaderIndexReadings).values({
      leaderId, computedAt: now, indexValue: result.index,
      components: { satisfaction: result.satisfaction, complaintControl: result.complaintControl, responseSpeed: result.responseSpeed, activity: result.activity, fulfilment: result.fulfilment, ...Object.fromEntries(Object.entries(result.logContributions).map(([k, v]) => [`ln_${k}`, v])) },
      inputs: { goodRatings: x.good, badRatings: x.bad, orders: x.orders, qualifiedBuyers30d: x.buyers30, engagedResidents30d: x.engaged30, engagedCounted: Math.min(ENGAGED_CAP, x.engaged30), complaints: x.complaints, claimsOnTime: x.on_time, claimsLate: x.late, handedOver: x.handed_over, handoverFaults: x.handover_faults, withoutCodeHandovers: x.without_code },
      orders: x.raw_orders, tier: decision.tier, tierChanged: decision.changed, reason: decision.reason,
    }).returning();
    if (decision.changed) {
      await recordEvent(tx, { type: 'leader.tier_changed', communityId: null, actorId: null, subjectId: leaderId, payload: { tier: decision.tier, reason: decision.reason, index: result.index, commissionRate: commissionRate(decision.tier, settings) } });
    }
    return { ...row, commissionRate: commissionRate(row.tier, settings), weights: LEADER_WEIGHTS };
  });
}

/** The leader's index over time (oldest first), for his dashboard chart. */
export async function leaderIndexHistory(db: Db, leaderId: string) {
  const settings = await tierSettings(db);
  const rows = await db.select().from(leaderIndexReadings).where(eq(leaderIndexReadings.leaderId, leaderId)).orderBy(asc(leaderIndexReadings.computedAt)).limit(200);
  return { weights: LEADER_WEIGHTS, settings, readings: rows.map((r) => ({ ...r, commissionRate: commissionRate(r.tier, settings) })) };
}

/** A leader in one community with his latest reading (all null before the first). */
type LeaderOverviewRow = {
  leaderId: string; leaderName: string; title: string; communityId: string; communityName: string;
  indexValue: number | null; tier: string | null; reason: string | null; orders: number | null; computedAt: Date | string | null; components: Record<string, number> | null;
};

/** Every leader with his latest reading (operators' overview). */
export async function latestLeaderReadings(db: Db) {
  const settings = await tierSettings(db);
  const res = (await db.execute(sql`
    select l.user_id as "leaderId", u.name as "leaderName", l.title, c.id as "communityId", c.name as "communityName",
      r.index_value as "indexValue", r.tier, r.reason, r.orders, r.computed_at as "computedAt", r.components
    from memberships l join users u on u.id = l.user_id join communities c on c.id = l.community_id
    left join lateral (select * from leader_index_readings x where x.leader_id = l.user_id order by x.computed_at desc limit 1) r on true
    where l.role = 'leader' order by c.name`)) as unknown as { rows: LeaderOverviewRow[] };
  return res.rows.map((r) => ({ ...r, commissionRate: r.tier ? commissionRate(r.tier, settings) : settings.baseCommissionRate }));
}

/** Weekly: a new reading for every leader whose last one is older than 7 days. */
export async function recomputeDueLeaderIndexes(db: Db, now = new Date()) {
  const res = (await db.execute(sql`
    select distinct m.user_id as id from memberships m where m.role = 'leader' and not exists (
      select 1 from leader_index_readings r where r.leader_id = m.user_id and r.computed_at > ${new Date(now.getTime() - 7 * DAY)})`)) as unknown as { rows: { id: string }[] };
  for (const { id } of res.rows) await recordLeaderReading(db, id, now);
  return res.rows.length;
}

/** The commission rate a leader earns now, from his latest tier (base rate until the first reading). */
export async function currentCommissionRate(db: Db, leaderId: string): Promise<number> {
  return (await currentCommission(db, leaderId)).rate;
}

/**
 * His tier now and its commission rate (before the first reading: the standard tier at the base
 * rate). Settlements store both, so his earnings history stays true when tiers or rates change.
 */
export async function currentCommission(db: DbOrTx, leaderId: string): Promise<{ tier: string; rate: number }> {
  const settings = await tierSettings(db);
  const [r] = await db.select({ tier: leaderIndexReadings.tier }).from(leaderIndexReadings).where(eq(leaderIndexReadings.leaderId, leaderId)).orderBy(desc(leaderIndexReadings.computedAt)).limit(1);
  if (r) return { tier: r.tier, rate: commissionRate(r.tier, settings) };
  const standard = settings.tiers.find((t) => t.commissionDeltaPp === 0)?.key ?? 'standard';
  return { tier: standard, rate: settings.baseCommissionRate };
}

/** Whether the leader's current tier carries first-launch rights for new products. */
export async function hasFirstLaunchRights(db: DbOrTx, leaderId: string): Promise<boolean> {
  const settings = await tierSettings(db);
  const [r] = await db.select({ tier: leaderIndexReadings.tier }).from(leaderIndexReadings).where(eq(leaderIndexReadings.leaderId, leaderId)).orderBy(desc(leaderIndexReadings.computedAt)).limit(1);
  return Boolean(r && settings.tiers.find((t) => t.key === r.tier)?.firstLaunch);
}
