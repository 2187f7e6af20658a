// Results of a campaign against a baseline (docs/campaign-results.md has every definition):
// participating residents during the campaign beside (a) the same residents in the period before
// and (b) comparable residents of non-participating communities in the same months. Reads orders,
// claims, NPS answers and campaigns; writes nothing.
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../platform/db/client.js';
import { badRequest, conflict, forbidden } from '../platform/errors.js';
import { DEFAULT_TIME_ZONE, localDate, zoneOffsetMs } from '../platform/time.js';
import { meanDiff, npsDiff, proportionDiff, type Interval } from '../platform/stats.js';
import { getCampaign, type Campaign } from '../modules/campaigns/index.js';
import { requireLeader } from '../modules/community/index.js';
import { nps } from '../modules/trust/index.js';
import { NPS_MIN_SAMPLE } from '../modules/metrics/index.js';

type Rows<T> = { rows: T[] };
const DAY = 86_400_000;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
/** Below this n a figure is shown with 样本不足 (the segment rule of TRUST.md §5). */
export const MIN_SAMPLE = NPS_MIN_SAMPLE;

const isDay = (s: string) => DAY_RE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
/** Midnight starting a day in the campaign's zone (Asia/Shanghai). */
const dayStart = (day: string) => {
  const utc = new Date(`${day}T00:00:00Z`);
  return new Date(utc.getTime() - zoneOffsetMs(utc, DEFAULT_TIME_ZONE));
};
const addDays = (day: string, n: number) => new Date(new Date(`${day}T00:00:00Z`).getTime() + n * DAY).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
const prevMonth = (m: string) => {
  const [y, mo] = m.split('-').map(Number);
  return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
};

/** Calendar months lying wholly inside [first, last] (days, inclusive). */
export function monthsWithin(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.slice(0, 7).split('-').map(Number);
  if (first.slice(8) !== '01') m += 1;
  for (;;) {
    if (m > 12) { y += 1; m = 1; }
    const month = `${y}-${String(m).padStart(2, '0')}`;
    const lastDay = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    if (lastDay > last) break;
    out.push(month);
    m += 1;
  }
  return out;
}

export interface Period { first: string; last: string; from: Date; to: Date; months: string[] }
const period = (first: string, last: string): Period => ({ first, last, from: dayStart(first), to: dayStart(addDays(last, 1)), months: monthsWithin(first, last) });

interface OrderFact { orderId: string; userId: string; communityId: string; paidAt: Date; month: string; netFen: number; claims: number; enrolled: boolean }

/**
 * Counted orders (paid, not cancelled, a line neither cancelled nor wholly refunded: the orders
 * module's rule) between two instants, with their net value (lines − line refunds − claim refunds,
 * as the AOV of TRUST.md §5), claims filed on them, and whether a counted line is of a product
 * enrolled in the campaign at the moment of payment.
 */
async function orderFacts(db: DbOrTx, campaignId: string, from: Date, to: Date): Promise<OrderFact[]> {
  const res = (await db.execute(sql`
    with lines as (
      select o.id as order_id, o.user_id, o.community_id, o.paid_at, c.time_zone, l.total_fen,
        case when l.status in ('cancelled', 'refunded') then l.total_fen else least(l.total_fen, l.refunded_quantity * l.unit_price_fen) end as refund_fen,
        (l.status not in ('pending_payment', 'cancelled', 'refunded') and l.refunded_quantity < l.quantity) as counts,
        exists (select 1 from campaign_products cp where cp.campaign_id = ${campaignId} and cp.product_id = i.product_id
                and cp.enrolled_at <= o.paid_at and (cp.withdrawn_at is null or cp.withdrawn_at > o.paid_at)) as enrolled
      from order_lines l join orders o on o.id = l.order_id join communities c on c.id = o.community_id join group_buy_items i on i.id = l.item_id
      where o.paid_at is not null and o.status <> 'cancelled' and o.paid_at >= ${from} and o.paid_at < ${to}
    )
    select x.order_id as "orderId", min(x.user_id::text) as "userId", min(x.community_id::text) as "communityId", min(x.paid_at) as "paidAt",
      to_char(min(x.paid_at) at time zone min(x.time_zone), 'YYYY-MM') as month,
      (sum(x.total_fen) - sum(x.refund_fen) - coalesce((select sum(cl.refunded_fen) from claims cl where cl.order_id = x.order_id), 0))::bigint as "netFen",
      (select count(*)::int from claims cl where cl.order_id = x.order_id) as claims,
      bool_or(x.counts and x.enrolled) as enrolled
    from lines x group by x.order_id having bool_or(x.counts)`)) as unknown as Rows<OrderFact & { netFen: string | number; paidAt: Date | string }>;
  return res.rows.map((r) => ({ ...r, netFen: Number(r.netFen), paidAt: new Date(r.paidAt) }));
}

/**
 * Participating residents: paid for a product enrolled in the campaign (enrolled at the moment of
 * payment) within [from, to), with the community of that purchase. Also the campaign survey's frame.
 */
export async function campaignParticipants(db: DbOrTx, campaignId: string, from: Date, to: Date): Promise<{ userId: string; communityId: string }[]> {
  const res = (await db.execute(sql`
    select distinct o.user_id as "userId", o.community_id as "communityId"
    from order_lines l join orders o on o.id = l.order_id join group_buy_items i on i.id = l.item_id
      join campaign_products cp on cp.campaign_id = ${campaignId} and cp.product_id = i.product_id
        and cp.enrolled_at <= o.paid_at and (cp.withdrawn_at is null or cp.withdrawn_at > o.paid_at)
    where o.paid_at is not null and o.status <> 'cancelled' and o.paid_at >= ${from} and o.paid_at < ${to}
      and l.status not in ('pending_payment', 'cancelled', 'refunded') and l.refunded_quantity < l.quantity`)) as unknown as Rows<{ userId: string; communityId: string }>;
  return res.rows;
}

/** The campaign's own period as instants (its first day's midnight to the day after its last). */
export function campaignPeriod(c: Pick<Campaign, 'startsOn' | 'endsOn'>) {
  return { from: dayStart(c.startsOn), to: dayStart(addDays(c.endsOn, 1)) };
}

const round = (x: number | null, digits = 4) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);
const roundCi = (ci: Interval | null, digits = 4) => (ci ? { low: round(ci.low, digits)!, high: round(ci.high, digits)! } : null);

interface Rate { x: number; n: number; rate: number | null }
interface Comparison { diff: number | null; ci: Interval | null; insufficient: boolean }

/** Repeat pairs: residents who bought in m−1 (base) and again in m, for months m with m−1 also in the period. */
function repurchase(facts: OrderFact[], users: Set<string>, months: string[]): Rate & { monthly: { month: string; x: number; n: number; rate: number | null }[] } {
  const buyers = new Map<string, Set<string>>();
  for (const f of facts) if (users.has(f.userId)) (buyers.get(f.month) ?? buyers.set(f.month, new Set()).get(f.month)!).add(f.userId);
  const inPeriod = new Set(months);
  let x = 0;
  let n = 0;
  const monthly = [];
  for (const m of months) {
    if (!inPeriod.has(prevMonth(m))) continue;
    const base = buyers.get(prevMonth(m)) ?? new Set<string>();
    const now = buyers.get(m) ?? new Set<string>();
    const mx = [...base].filter((u) => now.has(u)).length;
    x += mx;
    n += base.size;
    monthly.push({ month: m, x: mx, n: base.size, rate: base.size ? mx / base.size : null });
  }
  return { x, n, rate: n ? x / n : null, monthly };
}

function ordersOf(facts: OrderFact[], users: Set<string>, p: Period) {
  return facts.filter((f) => users.has(f.userId) && f.paidAt >= p.from && f.paidAt < p.to);
}

function rateComparison(a: Rate, b: Rate): Comparison {
  const r = proportionDiff(a.x, a.n, b.x, b.n);
  return { diff: round(r.diff), ci: roundCi(r.ci), insufficient: a.n < MIN_SAMPLE || b.n < MIN_SAMPLE };
}

function measures(facts: OrderFact[], npsRows: { userId: string; score: number; answeredAt: Date }[], users: Set<string>, comparison: Set<string>, during: Period, before: Period) {
  const rep = { campaign: repurchase(facts, users, during.months), before: repurchase(facts, users, before.months), comparison: repurchase(facts, comparison, during.months) };
  const orders = { campaign: ordersOf(facts, users, during), before: ordersOf(facts, users, before), comparison: ordersOf(facts, comparison, during) };
  const aovOf = (o: OrderFact[]) => ({ n: o.length, meanFen: o.length ? Math.round(o.reduce((s, f) => s + f.netFen, 0) / o.length) : null });
  const aovCmp = (a: OrderFact[], b: OrderFact[]): Comparison & { df: number | null } => {
    const r = meanDiff(a.map((f) => f.netFen), b.map((f) => f.netFen));
    return { diff: round(r.diff, 1), ci: roundCi(r.ci, 1), df: round(r.df, 2), insufficient: a.length < MIN_SAMPLE || b.length < MIN_SAMPLE };
  };
  const claimOf = (o: OrderFact[]): Rate => {
    // One claim per order line: a basket can carry several; the rate's interval counts at most one per order.
    const x = o.reduce((s, f) => s + f.claims, 0);
    return { x, n: o.length, rate: o.length ? x / o.length : null };
  };
  const claimCmp = (a: Rate, b: Rate): Comparison => rateComparison({ ...a, x: Math.min(a.x, a.n) }, { ...b, x: Math.min(b.x, b.n) });
  const claims = { campaign: claimOf(orders.campaign), before: claimOf(orders.before), comparison: claimOf(orders.comparison) };
  const npsOf = (who: Set<string>, p: Period) => {
    const r = nps(npsRows.filter((a) => who.has(a.userId) && a.answeredAt >= p.from && a.answeredAt < p.to).map((a) => a.score));
    return r;
  };
  const npsView = (r: ReturnType<typeof nps>) => {
    const insufficient = r.n < NPS_MIN_SAMPLE;
    return { n: r.n, insufficient, nps: insufficient ? null : round(r.nps, 1), marginOfError95: insufficient ? null : round(r.marginOfError95, 1) };
  };
  const npsCmp = (a: ReturnType<typeof nps>, b: ReturnType<typeof nps>): Comparison => {
    const insufficient = a.n < NPS_MIN_SAMPLE || b.n < NPS_MIN_SAMPLE;
    const d = npsDiff(a, b);
    // Below the minimum sample no NPS is shown, so neither is a difference built on it.
    return insufficient ? { diff: null, ci: null, insufficient } : { diff: round(d.diff, 1), ci: roundCi(d.ci, 1), insufficient };
  };
  const np = { campaign: npsOf(users, during), before: npsOf(users, before), comparison: npsOf(comparison, during) };
  const strip = ({ monthly: _m, ...r }: Rate & { monthly: unknown }) => ({ ...r, rate: round(r.rate) });
  return {
    repurchase: {
      campaign: strip(rep.campaign), before: strip(rep.before), comparison: strip(rep.comparison),
      vsBefore: rateComparison(rep.campaign, rep.before), vsComparison: rateComparison(rep.campaign, rep.comparison),
    },
    aov: {
      campaign: aovOf(orders.campaign), before: aovOf(orders.before), comparison: aovOf(orders.comparison),
      vsBefore: aovCmp(orders.campaign, orders.before), vsComparison: aovCmp(orders.campaign, orders.comparison),
    },
    claimRate: {
      campaign: { ...claims.campaign, rate: round(claims.campaign.rate) }, before: { ...claims.before, rate: round(claims.before.rate) }, comparison: { ...claims.comparison, rate: round(claims.comparison.rate) },
      vsBefore: claimCmp(claims.campaign, claims.before), vsComparison: claimCmp(claims.campaign, claims.comparison),
    },
    platformNps: {
      campaign: npsView(np.campaign), before: npsView(np.before), comparison: npsView(np.comparison),
      vsBefore: npsCmp(np.campaign, np.before), vsComparison: npsCmp(np.campaign, np.comparison),
    },
    monthly: [
      ...[...rep.before.monthly, ...rep.campaign.monthly].map((m) => ({ group: 'participants' as const, ...m })),
      ...[...repurchase(facts, comparison, before.months).monthly, ...rep.comparison.monthly].map((m) => ({ group: 'comparison' as const, ...m })),
    ],
  };
}

/** Monthly AOV per group over both periods' months, for the charts. */
function monthlyAov(facts: OrderFact[], users: Set<string>, months: string[]) {
  return months.map((month) => {
    const o = facts.filter((f) => users.has(f.userId) && f.month === month);
    return { month, orders: o.length, aovFen: o.length ? Math.round(o.reduce((s, f) => s + f.netFen, 0) / o.length) : null };
  });
}

export interface ResultsQuery { from?: string; to?: string; communityId?: string }

/**
 * The report. Refuses (409 campaign_report.no_baseline, nothing computed) when the period before
 * starts before the platform's first paid order or holds no paid order in scope.
 */
export async function campaignResults(db: Db, actor: { id: string; isOperator: boolean }, campaignId: string, q: ResultsQuery) {
  if (!actor.isOperator) {
    // A leader reads his own community's rows only.
    if (!q.communityId) throw forbidden();
    await requireLeader(db, q.communityId, actor.id);
  }
  const campaign = await getCampaign(db, campaignId);
  const first = q.from ?? campaign.startsOn;
  const last = q.to ?? campaign.endsOn;
  if (!isDay(first) || !isDay(last)) throw badRequest('campaign_report.period_invalid');
  if (first > last) throw badRequest('campaign.period_reversed');
  const days = daysBetween(first, last) + 1;
  const during = period(first, last);
  const before = period(addDays(first, -days), addDays(first, -1));

  const [{ first_paid: firstPaid }] = ((await db.execute(sql`select min(paid_at) as first_paid from orders where paid_at is not null`)) as unknown as Rows<{ first_paid: Date | string | null }>).rows;
  const noBaseline = (reason: 'before_first_data' | 'no_orders') => conflict('campaign_report.no_baseline', {
    reason, before: before.first, beforeLast: before.last, firstData: firstPaid ? localDate(new Date(firstPaid), DEFAULT_TIME_ZONE) : '—',
  });
  if (!firstPaid || new Date(firstPaid) > before.from) throw noBaseline('before_first_data');
  // Orders from the month before the before-period (a repeat's base month) to the period's end.
  const facts = await orderFacts(db, campaignId, new Date(before.from.getTime() - 31 * DAY), during.to);
  const inBefore = facts.filter((f) => f.paidAt >= before.from && f.paidAt < before.to && (!q.communityId || f.communityId === q.communityId));
  if (inBefore.length === 0) throw noBaseline('no_orders');

  const participants = await campaignParticipants(db, campaignId, during.from, during.to);
  const participatingCommunities = new Set(participants.map((p) => p.communityId));
  const boughtBefore = new Set(facts.filter((f) => f.paidAt >= before.from && f.paidAt < before.to).map((f) => f.userId));
  const participantIds = new Set(participants.map((p) => p.userId));
  // Comparison: residents with a paid order in the period before, in communities where nobody bought an enrolled product.
  const comparisonIds = new Set(facts.filter((f) => f.paidAt >= before.from && f.paidAt < before.to && !participatingCommunities.has(f.communityId) && !participantIds.has(f.userId)).map((f) => f.userId));
  const comparisonCommunities = new Set(facts.filter((f) => comparisonIds.has(f.userId) && !participatingCommunities.has(f.communityId)).map((f) => f.communityId));

  const npsRes = (await db.execute(sql`
    select a.user_id as "userId", a.score, a.answered_at as "answeredAt", a.subject_type as "subjectType", s.campaign_id as "campaignId"
    from nps_answers a left join nps_surveys s on s.id = a.survey_id
    where a.answered_at >= ${before.from} and a.answered_at < ${during.to}
      and (a.subject_type = 'platform' or (a.subject_type = 'campaign' and s.campaign_id = ${campaignId}))`)) as unknown as Rows<{ userId: string; score: number; answeredAt: Date | string; subjectType: string; campaignId: string | null }>;
  const answers = npsRes.rows.map((r) => ({ ...r, answeredAt: new Date(r.answeredAt) }));
  const platformAnswers = answers.filter((a) => a.subjectType === 'platform');
  const campaignAnswers = answers.filter((a) => a.subjectType === 'campaign');

  const communityNames = new Map(((await db.execute(sql`select id::text, name from communities`)) as unknown as Rows<{ id: string; name: string }>).rows.map((r) => [r.id, r.name]));
  const campaignNps = (users: Set<string>) => {
    const r = nps(campaignAnswers.filter((a) => users.has(a.userId)).map((a) => a.score));
    const insufficient = r.n < NPS_MIN_SAMPLE;
    return { n: r.n, promoters: r.promoters, passives: r.passives, detractors: r.detractors, insufficient, minSample: NPS_MIN_SAMPLE, nps: insufficient ? null : round(r.nps, 1), marginOfError95: insufficient ? null : round(r.marginOfError95, 1) };
  };
  const slice = (communityId: string | null) => {
    const inScope = participants.filter((p) => !communityId || p.communityId === communityId);
    const users = new Set(inScope.filter((p) => boughtBefore.has(p.userId)).map((p) => p.userId));
    const all = new Set(inScope.map((p) => p.userId));
    return {
      communityId, communityName: communityId ? communityNames.get(communityId) ?? '' : null,
      participants: users.size, newParticipants: [...all].filter((u) => !users.has(u)).length,
      campaignNps: campaignNps(all),
      ...measures(facts, platformAnswers, users, comparisonIds, during, before),
    };
  };
  const scope = slice(q.communityId ?? null);
  const months = [...before.months, ...during.months];
  const scopeUsers = new Set(participants.filter((p) => (!q.communityId || p.communityId === q.communityId) && boughtBefore.has(p.userId)).map((p) => p.userId));
  return {
    campaign: { id: campaign.id, nameZh: campaign.nameZh, nameEn: campaign.nameEn, startsOn: campaign.startsOn, endsOn: campaign.endsOn },
    period: { first: during.first, last: during.last, days, months: during.months },
    before: { first: before.first, last: before.last, months: before.months },
    minSample: MIN_SAMPLE,
    comparisonResidents: comparisonIds.size, comparisonCommunities: comparisonCommunities.size,
    ...scope,
    monthlyAov: [
      ...monthlyAov(facts, scopeUsers, months).map((m) => ({ group: 'participants' as const, ...m })),
      ...monthlyAov(facts, comparisonIds, months).map((m) => ({ group: 'comparison' as const, ...m })),
    ],
    // Per community: operators see every participating community; a leader only his own (the scope above).
    communities: q.communityId ? [] : [...participatingCommunities].sort().map((id) => slice(id)),
  };
}

export type CampaignResults = Awaited<ReturnType<typeof campaignResults>>;
