import { sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/client.js';
import { advanceCursor, claimCursor, FINISHED_TX_BOUND, inTransaction } from '../../platform/events/service.js';
import { RESIDENT_EVIDENCE, RESIDENT_LEVELS, RESIDENT_PRIOR, Z90 } from './formulas.js';
import { CONSUMER, TRUST_EVENT_TYPES } from './service.js';

/*
 * The whole recomputation of resident trust as a few set-based statements (docs/trust-recomputation.md).
 * It must give what the incremental consumer (service.ts: evidenceFrom, withdrawDisputed, explain)
 * gives; recompute.test.ts proves it on random histories. Constants come from formulas.ts.
 */

const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;
const float = (x: number) => sql`${x}::float8`;
/** JavaScript truthiness of a JSON value (the consumer tests payload flags with `&&`). */
const truthy = (v: SQL) => sql`coalesce(${v} not in ('false'::jsonb, '0'::jsonb, '""'::jsonb, 'null'::jsonb), false)`;
const types = sql.join(TRUST_EVENT_TYPES.map((t) => sql`${t}`), sql`, `);

/**
 * Evidence from every trust event up to `last` (none derived from events may exist yet), as evidenceFrom makes it: the lines of one order in
 * one hand-over are one pickup (credibility from their sum, under the first line), the lines of
 * one order left in one group buy are one no-show, reviewed claims count. Times are kept to the
 * millisecond, as the consumer keeps them (a JavaScript Date).
 */
export function insertEvidence(last: { txId: number; id: number }) {
  const upTo = sql`(tx_id, id) <= (${last.txId}::bigint, ${last.id}::bigint)`;
  const s = RESIDENT_EVIDENCE.severity;
  return sql`insert into resident_evidence (user_id, community_id, kind, good, severity, credibility, occurred_at, source_event_id, subject_id)
    select resident::uuid, community_id,
      case when type = 'order.picked_up' then 'order_picked_up' else 'no_show' end,
      type = 'order.picked_up',
      (case when type = 'order.picked_up' then 1 else ${float(s.noShow)} end)::real,
      (case when type = 'order.picked_up' then least(1::float8, total / ${float(RESIDENT_EVIDENCE.fullCredibilityFen)}) else 1 end)::real,
      occurred_at, id, subject_id
    from (
      select e.*, row_number() over w as nth, sum(fen) over w as total
      from (
        -- Only the fields used, so that the sort of a million lines stays narrow and in memory.
        select id, tx_id, type collate "C" as type, community_id, subject_id, date_trunc('milliseconds', occurred_at) as occurred_at,
          payload->>'residentId' as resident, coalesce((payload->>'totalFen')::float8, 0) as fen,
          nullif(payload->>'orderId', '') collate "C" as order_id,
          (case when nullif(payload->>'orderId', '') is null then id::text
            when type = 'order.picked_up' then coalesce(payload->>'handoverId', id::text)
            else coalesce(payload->>'groupBuyId', id::text) end) collate "C" as part
        from domain_events
        where type in ('order.picked_up', 'order.not_collected') and nullif(payload->>'residentId', '') is not null and ${upTo}
        offset 0 -- computed here, before the sort, not carried through it as the whole payload
      ) e
      window w as (partition by type, order_id, part order by tx_id, id rows between unbounded preceding and unbounded following)
    ) g
    where nth = 1
    union all
    select (payload->>'residentId')::uuid, community_id,
      case outcome when 'valid' then 'claim_upheld' when 'fraud' then 'claim_fraud' else 'claim_rejected' end,
      outcome is not distinct from 'valid',
      (case outcome when 'valid' then 1 when 'fraud' then ${float(s.claimFraud)} else ${float(s.claimRejected)} end)::real,
      1::real, occurred_at, id, subject_id
    from (
      select id, community_id, subject_id, payload, date_trunc('milliseconds', occurred_at) as occurred_at,
        case when type = 'claim.reviewed' then payload->>'outcome'
          when ${truthy(sql`payload->'fraud'`)} then 'fraud' when ${truthy(sql`payload->'upheld'`)} then 'valid' else 'invalid' end as outcome
      from domain_events
      where ${upTo} and nullif(payload->>'residentId', '') is not null
        and (type = 'claim.reviewed' or (type = 'claim.decided' and ${truthy(sql`payload->'final'`)} and ${truthy(sql`payload->'reviewed'`)}))
    ) c
    -- In index order: a million inserts then touch the (user, time) index page by page.
    order by 1, 7`;
}

/** Disputed hand-overs take back their pickups (withdrawDisputed); returns whose they were. */
export function withdrawDisputed(last: { txId: number; id: number }) {
  const upTo = sql`(d.tx_id, d.id) <= (${last.txId}::bigint, ${last.id}::bigint)`;
  return sql`with lines as (
      select l.value::uuid as line_id from domain_events d, jsonb_array_elements_text(d.payload->'lineIds') l
      where d.type = 'handover.disputed' and ${upTo} and jsonb_typeof(d.payload->'lineIds') = 'array'
      union all
      select ol.id from domain_events d join order_lines ol on ol.handover_id = d.subject_id
      where d.type = 'handover.disputed' and ${upTo} and coalesce(jsonb_array_length(case when jsonb_typeof(d.payload->'lineIds') = 'array' then d.payload->'lineIds' end), 0) = 0
    )
    delete from resident_evidence r where r.kind = 'order_picked_up' and r.subject_id in (select line_id from lines)
    returning r.user_id`;
}

/**
 * Every target resident's profile from her evidence, as explain() computes it: good events capped
 * per 7-day epoch bucket (the earliest count), weights decayed from `now`, the Beta lower bound,
 * score rounded half up, the level from the score, tenure and paid orders.
 */
export function upsertProfilesSql(targets: SQL, now: Date) {
  const p = RESIDENT_PRIOR;
  const l = RESIDENT_LEVELS;
  const nowMs = float(now.getTime());
  const decay = Number.isFinite(p.halfLifeDays)
    ? sql`power(2::float8, -greatest(0::float8, (${nowMs} - at_ms) / 86400000::float8) / ${float(p.halfLifeDays)})`
    : sql`1::float8`;
  return sql`with targets as (${targets}),
    ev as (
      select user_id, kind, good, k, c, at_ms,
        row_number() over (partition by user_id, good, floor(at_ms / 604800000::float8) order by at_ms, source_event_id, kind collate "C") as nth
      from (
        select r.user_id, r.kind, r.good, r.source_event_id, r.severity::text::float8 as k, r.credibility::text::float8 as c,
          (extract(epoch from date_trunc('milliseconds', r.occurred_at)) * 1000)::float8 as at_ms
        from resident_evidence r where r.user_id in (select user_id from targets)
      ) x
    ),
    agg as (
      select user_id,
        coalesce(sum(${decay} * least(1::float8, greatest(0::float8, c))) filter (where good and nth <= ${RESIDENT_EVIDENCE.goodPerWeek}), 0) as good_w,
        coalesce(sum(k * (${decay} * least(1::float8, greatest(0::float8, c)))) filter (where not good), 0) as bad_w,
        count(*) filter (where kind = 'order_picked_up')::int as paid,
        count(*) filter (where not good)::int as issues
      from ev group by user_id
    ),
    ab as (
      select t.user_id, ${float(p.alpha0)} + coalesce(agg.good_w, 0) as a, ${float(p.beta0)} + coalesce(agg.bad_w, 0) as b,
        coalesce(agg.paid, 0) as paid, coalesce(agg.issues, 0) as issues,
        floor((${nowMs} - coalesce((extract(epoch from date_trunc('milliseconds', u.created_at)) * 1000)::float8, ${nowMs})) / 86400000::float8)::int as tenure
      from targets t left join agg on agg.user_id = t.user_id left join users u on u.id = t.user_id
    ),
    scored as (
      select user_id, paid, issues, tenure,
        floor(100 * greatest(0::float8, a / (a + b) - ${float(Z90)} * sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)))) + 0.5)::int as score
      from ab
    )
    insert into resident_profiles (user_id, score, level, facts, computed_at)
    select user_id, score,
      case when score < ${l.C} or tenure < ${l.minTenureDays} or paid < ${l.minPaidOrders} then 'D'
        when score >= ${l.A} then 'A' when score >= ${l.B} then 'B' else 'C' end,
      jsonb_build_object('paidOrders', paid, 'issues', issues, 'tenureDays', tenure),
      ${now.toISOString()}::timestamptz
    from scored
    on conflict (user_id) do update set score = excluded.score, level = excluded.level, facts = excluded.facts, computed_at = excluded.computed_at`;
}

/** Evidence rows and profiles after the rebuild, and pickups taken back by disputes. */
export interface FullRecompute { evidence: number; residents: number; withdrawn: number }

/**
 * Rebuilds every resident's evidence from all final trust events and every profile from it, in
 * one transaction holding the consumer's cursor, which then stands after the last event read: the
 * incremental consumer carries on from there. Imported evidence (negative source ids) is kept.
 */
export async function recomputeAllResidents(db: Db, now = new Date()): Promise<FullRecompute> {
  return inTransaction(db, async (tx: Tx) => {
    await claimCursor(tx, CONSUMER);
    // Sorts of a million rows stay in memory; JIT compiling costs more than it saves here.
    await tx.execute(sql`set local work_mem = '256MB'`);
    await tx.execute(sql`set local jit = off`);
    const [last] = rows<{ tx_id: string; id: string }>(await tx.execute(sql`select tx_id, id from domain_events
      where type in (${types}) and tx_id < ${FINISHED_TX_BOUND} order by tx_id desc, id desc limit 1`));
    await tx.execute(sql`delete from resident_evidence where source_event_id >= 0`);
    let withdrawnUsers: string[] = [];
    if (last) {
      const to = { txId: Number(last.tx_id), id: Number(last.id) };
      await tx.execute(insertEvidence(to));
      withdrawnUsers = rows<{ user_id: string }>(await tx.execute(withdrawDisputed(to))).map((r) => r.user_id);
      await advanceCursor(tx, CONSUMER, to);
    }
    const withdrawn = withdrawnUsers.length;
    const [{ evidence: kept }] = rows<{ evidence: number }>(await tx.execute(sql`select count(*)::int as evidence from resident_evidence`));
    const extra = [...new Set(withdrawnUsers)];
    const targets = sql`select user_id from resident_evidence union select user_id from resident_profiles
      ${extra.length ? sql`union select unnest(${`{${extra.join(',')}}`}::uuid[])` : sql``}`;
    await tx.execute(upsertProfilesSql(targets, now));
    const [{ n }] = rows<{ n: number }>(await tx.execute(sql`select count(*)::int as n from resident_profiles`));
    return { evidence: kept, residents: n, withdrawn };
  });
}
