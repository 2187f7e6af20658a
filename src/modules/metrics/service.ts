import { and, desc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { npsAnswers, type NpsSubject } from './schema.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import { monthlyOrderFacts, orderFeedbackFacts } from '../orders/index.js';
import { getProduct } from '../catalog/index.js';
import { leadersOf, requireLeader } from '../community/index.js';
import { translate } from '../../platform/i18n.js';
import { DEFAULT_TIME_ZONE } from '../../platform/time.js';
import { nps } from '../trust/index.js';
import { NPS_MIN_SAMPLE } from './nps.js';
import { openInvitation, surveyQuestion, surveyResults, useInvitation } from './surveys.service.js';

const DAY = 86_400_000;
/** At most one prompt per subject per resident in this many days (TRUST.md §5). */
export const NPS_WINDOW_DAYS = 30;
export { NPS_MIN_SAMPLE } from './nps.js';

export interface NpsAnswerInput {
  subjectType: NpsSubject;
  subjectId: string | null;
  orderId?: string;
  /** Answering a survey round (platform period or campaign) the resident was invited to. */
  surveyId?: string;
  score: number;
  reason?: string;
}

type OrderFacts = NonNullable<Awaited<ReturnType<typeof orderFeedbackFacts>>>;

async function subjectName(db: Db, input: NpsAnswerInput, communityId: string | null, order: OrderFacts | null): Promise<string> {
  if (input.subjectType === 'product' && order) {
    // A product of the basket that she collected.
    if (!input.subjectId || !order.productIds.includes(input.subjectId)) throw badRequest('nps.subject_invalid');
    return `【${(await getProduct(db, input.subjectId)).name}】`;
  }
  if (input.subjectType === 'leader' && communityId) {
    const leader = (await leadersOf(db, communityId)).find((l) => l.userId === input.subjectId);
    if (!leader) throw badRequest('nps.subject_invalid');
    return `团长${leader.name}`;
  }
  if (input.subjectType === 'platform') return '邻里';
  throw badRequest('nps.subject_invalid');
}

/**
 * Records one NPS answer. The wording asked is stored with it; a second answer about the same
 * subject within 30 days is refused, even when sent twice at once.
 */
export async function answerNps(db: Db, userId: string, input: NpsAnswerInput, now = new Date()) {
  if (!Number.isInteger(input.score) || input.score < 0 || input.score > 10) throw badRequest('nps.score_invalid');
  let communityId: string | null = null;
  let order: OrderFacts | null = null;
  if (input.orderId) {
    order = await orderFeedbackFacts(db, input.orderId);
    // Someone else's order is answered as not found.
    if (!order || order.userId !== userId) throw notFound('order.not_found');
    // A basket is answered about once something of it was collected.
    if (!order.pickedUp) throw conflict('nps.order_not_picked_up');
    communityId = order.communityId;
  }
  if ((input.subjectType === 'leader' || input.subjectType === 'product') && !communityId) throw badRequest('nps.order_required');
  if (input.subjectType === 'campaign' && !input.surveyId) throw badRequest('nps.subject_invalid');
  const question = input.surveyId ? '' : translate('zh-CN', 'nps.question', { subject: await subjectName(db, input, communityId, order) });
  return inTransaction(db, async (tx) => {
    if (input.surveyId) {
      const survey = await useInvitation(tx, input.surveyId, userId, now);
      if (survey.subjectType !== input.subjectType) throw badRequest('nps.subject_invalid');
      input = { ...input, subjectId: survey.subjectType === 'campaign' ? survey.id : null };
    }
    // Serialises answers of one resident about one subject, so the window holds under retries.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${userId}:${input.subjectType}:${input.subjectId ?? ''}`}))`);
    const [recent] = await tx.select({ id: npsAnswers.id }).from(npsAnswers).where(and(
      eq(npsAnswers.userId, userId), eq(npsAnswers.subjectType, input.subjectType),
      input.subjectId ? eq(npsAnswers.subjectId, input.subjectId) : sql`${npsAnswers.subjectId} is null`,
      gte(npsAnswers.answeredAt, new Date(now.getTime() - NPS_WINDOW_DAYS * DAY)),
    )).limit(1);
    // A survey round she was invited to is answered once by its invitation; its sampling keeps the pace.
    if (recent && !input.surveyId) throw conflict('nps.already_answered', { days: NPS_WINDOW_DAYS });
    const [row] = await tx.insert(npsAnswers).values({
      userId, communityId, subjectType: input.subjectType, subjectId: input.subjectId, orderId: input.orderId ?? null, surveyId: input.surveyId ?? null,
      score: input.score, reason: (input.reason ?? '').trim().slice(0, 500), answeredAt: now,
      question: input.surveyId ? surveyQuestion((await surveyResults(tx as unknown as Db, [input.surveyId]))[0]) : question,
    }).returning();
    await recordEvent(tx, { type: 'nps.answered', communityId, actorId: userId, subjectId: row.id, payload: { subjectType: row.subjectType, subjectId: row.subjectId, score: row.score } });
    return row;
  });
}

/**
 * The survey to show a resident now: a survey round she was invited to, else her leader after a
 * recent pickup (once per 30 days).
 */
export async function pendingSurvey(db: Db, userId: string, now = new Date()) {
  const round = await openInvitation(db, userId, now);
  if (round) {
    return { subjectType: round.subjectType, subjectId: round.subjectType === 'campaign' ? round.id : null, surveyId: round.id, orderId: null, question: surveyQuestion(round), leaderName: null, title: round.title };
  }
  // The order (basket) of her latest collected line, and that line's leader.
  const res = (await db.execute(sql`
    select l.order_id as "orderId", l.community_id as "communityId", gb.leader_id as "leaderId", u.name as "leaderName"
    from order_lines l join group_buys gb on gb.id = l.group_buy_id join users u on u.id = gb.leader_id
    where l.user_id = ${userId} and l.status = 'picked_up' and l.picked_up_at > ${new Date(now.getTime() - 14 * DAY)}
      and not exists (select 1 from nps_answers a where a.user_id = ${userId} and a.subject_type = 'leader' and a.subject_id = gb.leader_id
                      and a.answered_at > ${new Date(now.getTime() - NPS_WINDOW_DAYS * DAY)})
    order by l.picked_up_at desc limit 1`)) as unknown as { rows: { orderId: string; communityId: string; leaderId: string; leaderName: string }[] };
  const row = res.rows[0];
  if (!row) return null;
  return { subjectType: 'leader' as const, subjectId: row.leaderId, surveyId: null, orderId: row.orderId, question: translate('zh-CN', 'nps.question', { subject: `团长${row.leaderName}` }), leaderName: row.leaderName, title: null };
}

export interface NpsFilter {
  subjectType?: NpsSubject;
  subjectId?: string;
  communityId?: string;
  from?: Date;
  to?: Date;
}

/** NPS with its number of answers and 95% margin; below the minimum sample, no number at all. */
export async function npsReport(db: Db, actor: { id: string; isOperator: boolean }, filter: NpsFilter) {
  if (!actor.isOperator) {
    // A leader sees his own community's figures only.
    if (!filter.communityId) throw forbidden();
    await requireLeader(db, filter.communityId, actor.id);
  }
  const conds = [
    filter.subjectType ? eq(npsAnswers.subjectType, filter.subjectType) : undefined,
    filter.subjectId ? eq(npsAnswers.subjectId, filter.subjectId) : undefined,
    filter.communityId ? eq(npsAnswers.communityId, filter.communityId) : undefined,
    filter.from ? gte(npsAnswers.answeredAt, filter.from) : undefined,
    filter.to ? sql`${npsAnswers.answeredAt} < ${filter.to}` : undefined,
  ].filter(Boolean);
  const rows = await db.select({ score: npsAnswers.score }).from(npsAnswers).where(conds.length ? and(...conds) : undefined).orderBy(desc(npsAnswers.answeredAt));
  const r = nps(rows.map((x) => x.score));
  const insufficient = r.n < NPS_MIN_SAMPLE;
  return {
    n: r.n, promoters: r.promoters, passives: r.passives, detractors: r.detractors, minSample: NPS_MIN_SAMPLE, insufficient,
    nps: insufficient ? null : Math.round(r.nps * 10) / 10,
    marginOfError95: insufficient ? null : Math.round(r.marginOfError95 * 10) / 10,
  };
}

/**
 * The measures that matter, per month: monthly repurchase rate (residents who bought last month
 * and again this month ÷ last month's buyers), average order value per basket ((GMV − refunds) ÷
 * paid orders), ARPU, pickup rate (baskets wholly collected ÷ baskets at the pickup point).
 * Reproducible from the orders; claims and complaints join with after-sales.
 */
export async function monthlyMeasures(db: Db, actor: { id: string; isOperator: boolean }, filter: { communityId?: string; leaderId?: string; productId?: string; from: Date; to: Date }) {
  if (!actor.isOperator) {
    // A leader reads his own community (and products within it); other slices are the platform's.
    if (!filter.communityId || (filter.leaderId && filter.leaderId !== actor.id)) throw forbidden();
    await requireLeader(db, filter.communityId, actor.id);
  }
  const [facts, claimFacts] = await Promise.all([monthlyOrderFacts(db, filter), monthlyClaimFacts(db, filter)]);
  const months = [...new Set([...facts.map((f) => f.month), ...claimFacts.keys()])].sort();
  const empty = { buyers: 0, orders: 0, lines: 0, gmvFen: 0, refundsFen: 0, repeatBuyers: 0, previousBuyers: 0, readyOrHandedOver: 0, pickedUp: 0 };
  return months.map((month) => {
    const f = facts.find((x) => x.month === month) ?? { month, ...empty };
    const c = claimFacts.get(month) ?? { claims: 0, complaints: 0, claimRefundFen: 0 };
    return {
      ...f, ...c,
      repurchaseRate: f.previousBuyers ? f.repeatBuyers / f.previousBuyers : null,
      aovFen: f.orders ? Math.round((f.gmvFen - f.refundsFen - c.claimRefundFen) / f.orders) : null,
      arpuFen: f.buyers ? Math.round((f.gmvFen - f.refundsFen - c.claimRefundFen) / f.buyers) : null,
      pickupRate: f.readyOrHandedOver ? f.pickedUp / f.readyOrHandedOver : null,
      claimRate: f.orders ? c.claims / f.orders : null,
      complaintRate: f.orders ? c.complaints / f.orders : null,
    };
  });
}

/**
 * Claims per month from after-sales' events: claims filed, complaints (upheld after review or left
 * past the leader's deadline, once per claim) and money refunded on claims.
 */
export async function monthlyClaimFacts(db: Db, filter: { communityId?: string; leaderId?: string; productId?: string; from: Date; to: Date }) {
  const scope = sql`${filter.communityId ? sql`and e.community_id = ${filter.communityId}` : sql``}
    ${filter.productId ? sql`and e.payload->>'productId' = ${filter.productId}` : sql``}
    ${filter.leaderId ? sql`and e.payload->>'leaderId' = ${filter.leaderId}` : sql``}`;
  // Each event falls in a month of its own community's time zone.
  const zone = sql`coalesce((select c.time_zone from communities c where c.id = e.community_id), ${DEFAULT_TIME_ZONE})`;
  const res = (await db.execute(sql`
    with filed as (
      select e.subject_id, e.occurred_at, e.payload, ${zone} as tz from domain_events e
      where e.type = 'claim.filed' and e.occurred_at >= ${filter.from} and e.occurred_at < ${filter.to} ${scope}
    ),
    decided as (
      select e.subject_id, e.occurred_at, e.payload, ${zone} as tz from domain_events e
      where e.type = 'claim.decided' and (e.payload->>'final')::boolean and e.occurred_at >= ${filter.from} and e.occurred_at < ${filter.to} ${scope}
    ),
    complaints as (
      select subject_id, min(occurred_at) as occurred_at, min(tz) as tz from (
        select subject_id, occurred_at, tz from decided where (payload->>'upheld')::boolean and (payload->>'reviewed')::boolean
        union all select e.subject_id, e.occurred_at, ${zone} from domain_events e
          where e.type = 'claim.escalated' and e.payload->>'reason' = 'deadline' and e.occurred_at >= ${filter.from} and e.occurred_at < ${filter.to} ${scope}
      ) x group by subject_id
    ),
    months as (
      select to_char(occurred_at at time zone tz, 'YYYY-MM') as m, 'claim' as k, 0::bigint as v from filed
      union all select to_char(occurred_at at time zone tz, 'YYYY-MM'), 'complaint', 0 from complaints
      union all select to_char(occurred_at at time zone tz, 'YYYY-MM'), 'refund', (payload->>'refundedFen')::bigint from decided
    )
    select m as month, count(*) filter (where k = 'claim')::int as claims, count(*) filter (where k = 'complaint')::int as complaints,
      coalesce(sum(v) filter (where k = 'refund'), 0)::bigint as refund
    from months group by m order by m`)) as unknown as { rows: { month: string; claims: number; complaints: number; refund: number | string }[] };
  return new Map(res.rows.map((r) => [r.month, { claims: r.claims, complaints: r.complaints, claimRefundFen: Number(r.refund) }]));
}

/** The same report per month (each answer in its community's time zone), for drill-down charts. */
export async function npsMonthly(db: Db, actor: { id: string; isOperator: boolean }, filter: NpsFilter) {
  if (!actor.isOperator) {
    if (!filter.communityId) throw forbidden();
    await requireLeader(db, filter.communityId, actor.id);
  }
  const conds = [
    filter.subjectType ? sql`a.subject_type = ${filter.subjectType}` : undefined,
    filter.subjectId ? sql`a.subject_id = ${filter.subjectId}` : undefined,
    filter.communityId ? sql`a.community_id = ${filter.communityId}` : undefined,
    filter.from ? sql`a.answered_at >= ${filter.from}` : undefined,
    filter.to ? sql`a.answered_at < ${filter.to}` : undefined,
  ].filter(Boolean) as ReturnType<typeof sql>[];
  // Answers about the platform carry no community: they fall in the default zone's months.
  const res = (await db.execute(sql`
    select to_char(a.answered_at at time zone coalesce(c.time_zone, ${DEFAULT_TIME_ZONE}), 'YYYY-MM') as month, array_agg(a.score) as scores
    from nps_answers a left join communities c on c.id = a.community_id
    ${conds.length ? sql`where ${sql.join(conds, sql` and `)}` : sql``}
    group by 1 order by 1`)) as unknown as { rows: { month: string; scores: number[] }[] };
  return res.rows.map((r) => {
    const x = nps(r.scores.map(Number));
    const insufficient = x.n < NPS_MIN_SAMPLE;
    return { month: r.month, n: x.n, insufficient, nps: insufficient ? null : Math.round(x.nps * 10) / 10, marginOfError95: insufficient ? null : Math.round(x.marginOfError95 * 10) / 10 };
  });
}
