// A leader's earnings in one community: sales handed over and the commission they gave (with the
// tier and rate kept on each settlement), deductions for claims he was found at fault for, money
// still held until hand-over (with the commission it would give) and his ledger balances.
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { fenTimesRate } from '../../platform/money.js';
import { leaderBalances } from './ledger.service.js';
import { localDate, periodRange, type Period } from './period.js';

export interface Range { from: Date; to: Date }

const rowsOf = async <T>(db: DbOrTx, q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: T[] }).rows;

/**
 * Sales handed over, commission, deductions and net for one leader in one community over [from, to).
 * For the dashboard's "earnings so far today".
 */
export async function earningsSummary(db: DbOrTx, leaderId: string, communityId: string, range: Range) {
  const [s] = await rowsOf<{ sales: string; commission: string; orders: number }>(db, sql`
    select coalesce(sum(amount_fen), 0)::bigint as sales, coalesce(sum(commission_fen), 0)::bigint as commission, count(distinct order_id)::int as orders
    from settlements where leader_id = ${leaderId} and community_id = ${communityId} and created_at >= ${range.from} and created_at < ${range.to}`);
  const [d] = await rowsOf<{ deductions: string }>(db, sql`
    select coalesce(sum(refunded_fen), 0)::bigint as deductions from claims
    where leader_id = ${leaderId} and community_id = ${communityId} and fault_party = 'leader' and status = 'refunded' and resolved_at >= ${range.from} and resolved_at < ${range.to}`);
  const salesFen = Number(s.sales);
  const commissionFen = Number(s.commission);
  const deductionsFen = Number(d.deductions);
  return { salesFen, commissionFen, deductionsFen, netFen: commissionFen - deductionsFen, orders: s.orders };
}

/** The settlements of a period, one row per order and hand-over (for the statement). */
export async function settlementRows(db: DbOrTx, leaderId: string, communityId: string, range: Range) {
  return rowsOf<{ id: string; orderId: string; createdAt: Date | string; reason: string; amountFen: number; commissionFen: number; tier: string | null; commissionRate: number | null }>(db, sql`
    select id, order_id as "orderId", created_at as "createdAt", reason, amount_fen as "amountFen", commission_fen as "commissionFen", tier, commission_rate as "commissionRate"
    from settlements where leader_id = ${leaderId} and community_id = ${communityId} and created_at >= ${range.from} and created_at < ${range.to}
    order by created_at, id`);
}

/** Claims decided with him at fault in the period: each deducts its refund (docs/earnings.md). */
export async function deductionRows(db: DbOrTx, leaderId: string, communityId: string, range: Range) {
  return rowsOf<{ claimId: string; orderId: string; productName: string; resolvedAt: Date | string; amountFen: number; note: string | null }>(db, sql`
    select c.id as "claimId", c.order_id as "orderId", p.name as "productName", c.resolved_at as "resolvedAt", c.refunded_fen as "amountFen", c.resolution_note as note
    from claims c join products p on p.id = c.product_id
    where c.leader_id = ${leaderId} and c.community_id = ${communityId} and c.fault_party = 'leader' and c.status = 'refunded' and c.resolved_at >= ${range.from} and c.resolved_at < ${range.to}
    order by c.resolved_at, c.id`);
}

/** Money paid for his group buys and still held until hand-over, and the commission it would give at his rate now. */
export async function pendingHeld(db: DbOrTx, leaderId: string, communityId: string, currentRate: number) {
  const [r] = await rowsOf<{ held: string; orders: number }>(db, sql`
    select coalesce(sum(l.total_fen - l.refunded_quantity * l.unit_price_fen), 0)::bigint as held, count(distinct l.order_id)::int as orders
    from order_lines l join group_buys g on g.id = l.group_buy_id join payments p on p.order_id = l.order_id and p.status = 'held'
    where g.leader_id = ${leaderId} and l.community_id = ${communityId} and (l.status in ('paid', 'confirmed', 'ready_for_pickup')
        or (l.status = 'picked_up' and exists (select 1 from handovers h where h.id = l.handover_id and h.status = 'awaiting_confirmation')))`);
  const heldFen = Number(r.held);
  return { heldFen, orders: r.orders, commissionFen: fenTimesRate(heldFen, currentRate), rate: currentRate };
}

/** Commission by the tier and rate that gave it, over a period. */
export async function commissionByTier(db: DbOrTx, leaderId: string, communityId: string, range: Range) {
  const rows = await rowsOf<{ tier: string | null; rate: number | null; sales: string; commission: string; orders: number }>(db, sql`
    select tier, commission_rate as rate, sum(amount_fen)::bigint as sales, sum(commission_fen)::bigint as commission, count(distinct order_id)::int as orders
    from settlements where leader_id = ${leaderId} and community_id = ${communityId} and created_at >= ${range.from} and created_at < ${range.to}
    group by tier, commission_rate order by commission_rate desc nulls last`);
  return rows.map((x) => ({ tier: x.tier, rate: x.rate === null ? null : Number(x.rate), salesFen: Number(x.sales), commissionFen: Number(x.commission), orders: x.orders }));
}

/** Per calendar day of the period: sales and commission (the page's small chart). */
export async function dailySeries(db: DbOrTx, leaderId: string, communityId: string, range: Range, timeZone: string) {
  const rows = await settlementRows(db, leaderId, communityId, range);
  const byDay = new Map<string, { salesFen: number; commissionFen: number }>();
  for (const r of rows) {
    const day = localDate(new Date(r.createdAt), timeZone);
    const v = byDay.get(day) ?? { salesFen: 0, commissionFen: 0 };
    v.salesFen += r.amountFen;
    v.commissionFen += r.commissionFen;
    byDay.set(day, v);
  }
  return [...byDay].map(([date, v]) => ({ date, ...v }));
}

export interface EarningsInput { leaderId: string; communityId: string; timeZone: string; period: Period; date: string; currentRate: number; currentTier: string }

/** Everything the earnings page shows for one period. */
export async function earningsOf(db: Db, input: EarningsInput) {
  const range = periodRange(input.period, input.date, input.timeZone);
  const [summary, byTier, deductions, pending, balances, days] = await Promise.all([
    earningsSummary(db, input.leaderId, input.communityId, range),
    commissionByTier(db, input.leaderId, input.communityId, range),
    deductionRows(db, input.leaderId, input.communityId, range),
    pendingHeld(db, input.leaderId, input.communityId, input.currentRate),
    leaderBalances(db, input.leaderId),
    dailySeries(db, input.leaderId, input.communityId, range, input.timeZone),
  ]);
  return {
    period: input.period, date: input.date, firstDate: range.firstDate, lastDate: range.lastDate, timeZone: input.timeZone,
    ...summary, byTier, deductions: deductions.map((d) => ({ ...d, resolvedAt: new Date(d.resolvedAt) })), pending, days,
    currentTier: input.currentTier, currentRate: input.currentRate, balances,
  };
}
