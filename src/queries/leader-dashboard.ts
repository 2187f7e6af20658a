// The leader's morning dashboard: one read across group buys, orders, pickup points, claims and
// settlements, for "today" in the community's time zone.
import { localDate } from '../platform/time.js';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../platform/db/client.js';
import { translate, type Locale } from '../platform/i18n.js';
import { getCommunity, requireLeader } from '../modules/community/index.js';
import { maskName } from '../modules/identity/index.js';
import { announcementsOn } from '../modules/groupbuy/index.js';

type Instant = Date | string;
const rowsOf = async <T>(db: DbOrTx, q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: T[] }).rows;


const hm = (at: Date, timeZone: string) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
const md = (at: Date, timeZone: string, locale: Locale) => new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone, month: locale === 'en' ? 'short' : 'long', day: 'numeric' }).format(at);

/** 「今天 10:00–19:00」, 「今天 19:00 前」 or 「12月6日 10:00–19:00」: a pickup window as a neighbour reads it. */
export function windowText(start: Date, end: Date, now: Date, timeZone: string, locale: Locale): string {
  const t = (k: string, p: Record<string, unknown>) => translate(locale, `morning.window.${k}`, p);
  const today = localDate(now, timeZone);
  const sameDay = localDate(start, timeZone) === localDate(end, timeZone);
  if (localDate(start, timeZone) === today && sameDay) return t('today', { start: hm(start, timeZone), end: hm(end, timeZone) });
  if (start <= now && localDate(end, timeZone) === today) return t('todayUntil', { end: hm(end, timeZone) });
  if (sameDay) return t('day', { day: md(start, timeZone, locale), start: hm(start, timeZone), end: hm(end, timeZone) });
  return t('span', { startDay: md(start, timeZone, locale), start: hm(start, timeZone), endDay: md(end, timeZone, locale), end: hm(end, timeZone) });
}

interface PointRow { id: string; name: string; address: string; hours: string; closedAt: Instant | null }
interface ReadyRow {
  userId: string; name: string; orderId: string; groupNumber: number | null; groupBuyId: string; title: string; productName: string;
  quantity: number; pointId: string | null; pickupStartAt: Instant; pickupEndAt: Instant;
}
interface ClaimRow { id: string; productName: string; name: string; amountFen: number; quantity: number; kind: string; deadlineAt: Instant | null; createdAt: Instant }
interface GbRow { id: string; title: string; cutoffAt: Instant; stockTotal: number; stockAvailable: number; sold: number; orders: number; buyers: number }
interface ArrivedRow { id: string; title: string; pickupStartAt: Instant; pickupEndAt: Instant }

/**
 * Everything 王叔 needs at 8 am: what to hand over today at each pickup point, who has not
 * collected yet, claims waiting for him (soonest deadline first), today's sales and commission,
 * each open group buy's progress, and the arrival and reminder texts ready to copy or send.
 */
export async function leaderDashboard(db: Db, communityId: string, leaderId: string, now: Date, locale: Locale) {
  await requireLeader(db, communityId, leaderId);
  const community = await getCommunity(db, communityId);
  const tz = community.timeZone;
  const today = localDate(now, tz);
  const dayStart = sql`(${today}::date)::timestamp at time zone ${tz}`;
  const dayEnd = sql`(${today}::date + 1)::timestamp at time zone ${tz}`;
  const unnamed = translate(locale, 'people.unnamed');

  const points = await rowsOf<PointRow>(db, sql`select id, name, address, hours, closed_at as "closedAt" from pickup_points
    where community_id = ${communityId} order by position, created_at`);
  const firstPointId = points[0]?.id ?? null;

  // Lines waiting at a pickup point whose window has begun or begins today.
  const ready = (await rowsOf<ReadyRow>(db, sql`
    select l.user_id as "userId", coalesce(nullif(m.display_name, ''), u.name) as name, l.order_id as "orderId", l.group_number as "groupNumber",
      l.group_buy_id as "groupBuyId", gb.title, p.name as "productName", (l.quantity - l.refunded_quantity)::int as quantity,
      o.pickup_point_id as "pointId", gb.pickup_start_at as "pickupStartAt", gb.pickup_end_at as "pickupEndAt"
    from order_lines l
      join orders o on o.id = l.order_id
      join group_buys gb on gb.id = l.group_buy_id
      join group_buy_items i on i.id = l.item_id
      join products p on p.id = i.product_id
      join users u on u.id = l.user_id
      left join memberships m on m.community_id = l.community_id and m.user_id = l.user_id
    where l.community_id = ${communityId} and l.status = 'ready_for_pickup' and gb.pickup_start_at < ${dayEnd}
    order by l.group_number nulls last, l.id`)).map((r) => ({ ...r, pointId: r.pointId ?? firstPointId, pickupStartAt: new Date(r.pickupStartAt), pickupEndAt: new Date(r.pickupEndAt) }));
  const started = ready.filter((r) => r.pickupStartAt <= now);

  const tally = (rows: typeof ready) => ({
    orders: new Set(rows.map((r) => r.orderId)).size,
    households: new Set(rows.map((r) => r.userId)).size,
    units: rows.reduce((s, r) => s + r.quantity, 0),
  });
  const pointViews = points
    .filter((p) => !p.closedAt || ready.some((r) => r.pointId === p.id))
    .map((p) => ({
      id: p.id, name: p.name, address: p.address, hours: p.hours,
      toHandOver: tally(ready.filter((r) => r.pointId === p.id)),
      notCollected: tally(started.filter((r) => r.pointId === p.id)),
    }));

  // Not collected yet: the window has begun and the goods are still here, one entry per household.
  const byUser = new Map<string, { name: string; groupNumbers: number[]; items: string[]; overdue: boolean; pointId: string | null }>();
  for (const r of started) {
    const h = byUser.get(r.userId) ?? { name: maskName(r.name, unnamed), groupNumbers: [], items: [], overdue: false, pointId: r.pointId };
    if (r.groupNumber !== null && !h.groupNumbers.includes(r.groupNumber)) h.groupNumbers.push(r.groupNumber);
    h.items.push(`${r.productName}×${r.quantity}`);
    if (r.pickupEndAt < now) h.overdue = true;
    byUser.set(r.userId, h);
  }
  const pointName = new Map(points.map((p) => [p.id, p.name]));
  const notCollected = [...byUser.values()].map((h) => ({ ...h, groupNumbers: h.groupNumbers.sort((a, b) => a - b), pointName: h.pointId ? pointName.get(h.pointId) ?? '' : '' }))
    .sort((a, b) => (a.groupNumbers[0] ?? Infinity) - (b.groupNumbers[0] ?? Infinity));

  const claims = (await rowsOf<ClaimRow>(db, sql`
    select c.id, p.name as "productName", coalesce(nullif(m.display_name, ''), u.name) as name, c.amount_fen as "amountFen", c.quantity, c.kind,
      c.deadline_at as "deadlineAt", c.created_at as "createdAt"
    from claims c join products p on p.id = c.product_id join users u on u.id = c.user_id
      left join memberships m on m.community_id = c.community_id and m.user_id = c.user_id
    where c.community_id = ${communityId} and c.status = 'leader_review'
    order by c.deadline_at asc nulls last, c.created_at`)).map((c) => {
    const deadlineAt = c.deadlineAt ? new Date(c.deadlineAt) : null;
    return { id: c.id, productName: c.productName, residentName: maskName(c.name, unnamed), amountFen: c.amountFen, quantity: c.quantity, kind: c.kind, deadlineAt, overdue: !!deadlineAt && deadlineAt <= now };
  });

  const [sales] = await rowsOf<{ paidFen: number; paidOrders: number; handedOverFen: number; handedOverOrders: number; commissionFen: number }>(db, sql`select
    (select coalesce(sum(l.total_fen - l.refunded_quantity * l.unit_price_fen), 0)::int from order_lines l
      where l.community_id = ${communityId} and l.paid_at >= ${dayStart} and l.paid_at < ${dayEnd}
        and l.status in ('paid','confirmed','ready_for_pickup','picked_up','not_collected')) as "paidFen",
    (select count(distinct l.order_id)::int from order_lines l
      where l.community_id = ${communityId} and l.paid_at >= ${dayStart} and l.paid_at < ${dayEnd}
        and l.status in ('paid','confirmed','ready_for_pickup','picked_up','not_collected')) as "paidOrders",
    (select coalesce(sum(l.total_fen - l.refunded_quantity * l.unit_price_fen), 0)::int from order_lines l
      where l.community_id = ${communityId} and l.status = 'picked_up' and l.picked_up_at >= ${dayStart} and l.picked_up_at < ${dayEnd}) as "handedOverFen",
    (select count(distinct l.order_id)::int from order_lines l
      where l.community_id = ${communityId} and l.status = 'picked_up' and l.picked_up_at >= ${dayStart} and l.picked_up_at < ${dayEnd}) as "handedOverOrders",
    (select coalesce(sum(s.commission_fen), 0)::int from settlements s
      where s.community_id = ${communityId} and s.leader_id = ${leaderId} and s.created_at >= ${dayStart} and s.created_at < ${dayEnd}) as "commissionFen"`);

  const groupBuys = (await rowsOf<GbRow>(db, sql`
    select gb.id, gb.title, gb.cutoff_at as "cutoffAt",
      (select coalesce(sum(i.stock_total), 0)::int from group_buy_items i where i.group_buy_id = gb.id) as "stockTotal",
      (select coalesce(sum(i.stock_available), 0)::int from group_buy_items i where i.group_buy_id = gb.id) as "stockAvailable",
      (select coalesce(sum(l.quantity - l.refunded_quantity), 0)::int from order_lines l where l.group_buy_id = gb.id
        and l.status in ('paid','confirmed','ready_for_pickup','picked_up','not_collected')) as sold,
      (select count(distinct l.order_id)::int from order_lines l where l.group_buy_id = gb.id
        and l.status in ('paid','confirmed','ready_for_pickup','picked_up','not_collected')) as orders,
      (select count(distinct l.user_id)::int from order_lines l where l.group_buy_id = gb.id
        and l.status in ('paid','confirmed','ready_for_pickup','picked_up','not_collected')) as buyers
    from group_buys gb
    where gb.community_id = ${communityId} and gb.status = 'open' and gb.opens_at <= ${now} and gb.cutoff_at > ${now}
    order by gb.cutoff_at, gb.id`)).map((g) => ({ ...g, cutoffAt: new Date(g.cutoffAt) }));

  // Arrived (at least one item received) and collectable today: what the arrival text is about.
  const arrived = (await rowsOf<ArrivedRow>(db, sql`
    select gb.id, gb.title, gb.pickup_start_at as "pickupStartAt", gb.pickup_end_at as "pickupEndAt" from group_buys gb
    where gb.community_id = ${communityId} and gb.pickup_start_at < ${dayEnd} and gb.pickup_end_at > ${now}
      and exists (select 1 from group_buy_items i where i.group_buy_id = gb.id and i.arrived_at is not null)
      and exists (select 1 from order_lines l where l.group_buy_id = gb.id and l.status = 'ready_for_pickup')
    order by gb.pickup_start_at, gb.id`)).map((g) => ({ ...g, pickupStartAt: new Date(g.pickupStartAt), pickupEndAt: new Date(g.pickupEndAt) }));

  const readyPoints = [...new Set(ready.filter((r) => arrived.some((a) => a.id === r.groupBuyId)).map((r) => r.pointId))];
  const placeNames = (readyPoints.length ? readyPoints : [firstPointId]).map((id) => (id ? pointName.get(id) : undefined) ?? community.pickupPointName);
  const place = placeNames.join(translate(locale, 'morning.placeSeparator'));
  const arrivalText = arrivalTextOf(arrived, place, now, tz, locale);
  const reminderGroupBuyIds = [...new Set(started.map((r) => r.groupBuyId))];
  const reminderText = notCollected.length ? reminderTextOf(notCollected, started, place, now, tz, locale) : '';

  const sent = await announcementsOn(db, [...new Set([...arrived.map((a) => a.id), ...reminderGroupBuyIds])], today);
  const sentOf = (kind: 'arrival' | 'reminder', ids: string[]) => {
    const rows = sent.filter((s) => s.kind === kind && ids.includes(s.groupBuyId));
    if (rows.length === 0) return null;
    return { at: rows[rows.length - 1].sentAt, told: rows.reduce((s, r) => s + r.told, 0), all: ids.every((id) => rows.some((r) => r.groupBuyId === id)) };
  };

  return {
    today, timeZone: tz, now,
    points: pointViews,
    toHandOver: tally(ready),
    notCollected: { households: notCollected.length, list: notCollected },
    claims,
    sales: sales,
    groupBuys: groupBuys.map((g) => ({ id: g.id, title: g.title, cutoffAt: g.cutoffAt, sold: g.sold, stockTotal: g.stockTotal, stockAvailable: g.stockAvailable, orders: g.orders, buyers: g.buyers })),
    arrival: { groupBuys: arrived.map((a) => ({ id: a.id, title: a.title })), text: arrivalText, sent: sentOf('arrival', arrived.map((a) => a.id)) },
    reminder: { groupBuyIds: reminderGroupBuyIds, households: notCollected.length, text: reminderText, sent: sentOf('reminder', reminderGroupBuyIds) },
  };
}

/** 「草莓、土鸡蛋到啦，今天 10:00–19:00 在 3 号楼驿站取」: one sentence per pickup window. */
export function arrivalTextOf(arrived: { title: string; pickupStartAt: Date; pickupEndAt: Date }[], place: string, now: Date, tz: string, locale: Locale): string {
  if (arrived.length === 0) return '';
  const byWindow = new Map<string, string[]>();
  for (const a of arrived) {
    const w = windowText(a.pickupStartAt, a.pickupEndAt, now, tz, locale);
    byWindow.set(w, [...(byWindow.get(w) ?? []), a.title]);
  }
  return [...byWindow].map(([window, titles]) => translate(locale, 'morning.arrivalText', { titles: titles.join(translate(locale, 'morning.itemSeparator')), window, place }))
    .join(translate(locale, 'morning.sentenceSeparator'));
}

function reminderTextOf(households: { name: string; groupNumbers: number[]; items: string[] }[], lines: { pickupStartAt: Date; pickupEndAt: Date }[], place: string, now: Date, tz: string, locale: Locale) {
  const t = (k: string, p: Record<string, unknown> = {}) => translate(locale, `morning.reminder.${k}`, p);
  const end = lines.reduce((m, l) => (l.pickupEndAt > m ? l.pickupEndAt : m), lines[0].pickupEndAt);
  const when = localDate(end, tz) === localDate(now, tz)
    ? translate(locale, 'morning.at.today', { time: hm(end, tz) })
    : translate(locale, 'morning.at.day', { day: md(end, tz, locale), time: hm(end, tz) });
  const until = end > now ? t('until', { end: when }) : t('overdue');
  return [
    t('header', { count: households.length }),
    ...households.map((h) => t('line', { numbers: h.groupNumbers.map((n) => `#${n}`).join(' '), name: h.name, items: h.items.join(translate(locale, 'morning.itemSeparator')) }).trim()),
    t('footer', { place, until }),
  ].join('\n');
}
