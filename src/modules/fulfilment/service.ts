// What the leader and the resident see around a hand-over (reads only; changes are workflows).
import { maskName, withoutPhones } from '../identity/index.js';
import QRCode from 'qrcode';
import { sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import { getCommunity, getPickupPoint, handoverScope, membershipOf, pickupPointsByIds, requireLeader, type HandoverScope } from '../community/index.js';
import { formatInZone } from '../../platform/time.js';
import { translate, type Locale } from '../../platform/i18n.js';
import { acceptedCodes, parseTypedCode, pickupCodeFor, pickupUrl, sameCode, STEP_SECONDS, stepEndsAt, stepOf } from './pickup-code.js';
import { assertNotLockedOut, findPass, getOrCreatePickupSecret, passProblem, pickupSecretsOf, recordFailedAttempt, type HandoverMethod, type HandoverStatus, type PickupPass } from './handover.service.js';

export interface LineRow {
  lineId: string; orderId: string; userId: string; userName: string; doorNumber: string; groupNumber: number | null; groupBuyId: string; itemId: string;
  title: string; productName: string; spec: string; unit: string; quantity: number; totalFen: number; status: string;
  pickupStartAt: Date; pickupEndAt: Date; batchCode: string | null; pickedUpAt: Date | null; handoverId: string | null;
  /** Where this line is handed over: its order's pickup point, or her door. */
  fulfilment: 'pickup' | 'delivery'; pickupPointId: string | null; deliveryArea: string | null; deliveryAddress: string | null; deliverySlot: string | null;
}

/** The order's pickup point (old orders without one: the community's first point). */
const POINT_OF_LINE = sql`coalesce(o.pickup_point_id, (select pp.id from pickup_points pp where pp.community_id = l.community_id order by (pp.closed_at is not null), pp.position, pp.created_at, pp.id limit 1))`;

/** The lines a hand-over scope covers: one point, the points a staff member serves, the door, or all. */
export function scopeSql(scope?: HandoverScope): SQL {
  if (!scope) return sql`true`;
  const at = scope.at;
  if (at.kind === 'delivery') return sql`o.fulfilment = 'delivery'`;
  if (at.kind === 'point') return sql`(o.fulfilment = 'pickup' and ${POINT_OF_LINE} = ${at.pickupPointId})`;
  if (at.pickupPointIds === null) return sql`true`;
  if (at.pickupPointIds.length === 0) return sql`false`;
  return sql`(o.fulfilment = 'pickup' and ${POINT_OF_LINE} in ${at.pickupPointIds})`;
}

/** Order lines with what a person needs to recognise them: 跟团号, group buy, product, units still owed. */
export async function lineRows(db: DbOrTx, where: SQL, orderBy: SQL = sql`gb.pickup_start_at, l.group_buy_id, l.group_number, i.position, l.id`): Promise<LineRow[]> {
  const res = (await db.execute(sql`
    select l.id as "lineId", l.order_id as "orderId", l.user_id as "userId", coalesce(nullif(m.display_name, ''), u.name) as "userName", coalesce(m.door_number, '') as "doorNumber", l.group_number as "groupNumber",
      l.group_buy_id as "groupBuyId", l.item_id as "itemId", gb.title, p.name as "productName", p.spec, p.unit,
      (l.quantity - l.refunded_quantity)::int as quantity, (l.total_fen - l.refunded_quantity * l.unit_price_fen)::int as "totalFen", l.status,
      gb.pickup_start_at as "pickupStartAt", gb.pickup_end_at as "pickupEndAt", b.code as "batchCode", l.picked_up_at as "pickedUpAt", l.handover_id as "handoverId",
      o.fulfilment, ${POINT_OF_LINE} as "pickupPointId", o.delivery_area as "deliveryArea", o.delivery_address as "deliveryAddress", o.delivery_slot as "deliverySlot"
    from order_lines l
      join orders o on o.id = l.order_id
      join group_buys gb on gb.id = l.group_buy_id
      join group_buy_items i on i.id = l.item_id
      join products p on p.id = i.product_id
      join users u on u.id = l.user_id
      left join memberships m on m.community_id = l.community_id and m.user_id = l.user_id
      left join batches b on b.id = i.batch_id
    where ${where}
    order by ${orderBy}`)) as unknown as { rows: LineRow[] };
  return res.rows.map((r) => ({ ...r, userName: withoutPhones(r.userName ?? ''), pickupStartAt: new Date(r.pickupStartAt), pickupEndAt: new Date(r.pickupEndAt), pickedUpAt: r.pickedUpAt ? new Date(r.pickedUpAt) : null }));
}

/** A line as the leader and the resident see it at the pickup point. */
export const lineView = (l: LineRow) => ({
  lineId: l.lineId, orderId: l.orderId, groupNumber: l.groupNumber, groupBuyId: l.groupBuyId, itemId: l.itemId, title: l.title,
  productName: l.productName, spec: l.spec, unit: l.unit, quantity: l.quantity, pickupStartAt: l.pickupStartAt, pickupEndAt: l.pickupEndAt,
});

/** Her lines at this pickup point that are ready for pickup (the window may not have started). */
export const readyLinesOf = (db: DbOrTx, communityId: string, userId: string, scope?: HandoverScope) =>
  lineRows(db, sql`l.community_id = ${communityId} and l.user_id = ${userId} and l.status = 'ready_for_pickup' and ${scopeSql(scope)}`);

/** A hand-over happens only inside or after the pickup window's start. */
export const handable = (l: Pick<LineRow, 'pickupStartAt'>, now: Date) => l.pickupStartAt.getTime() <= now.getTime();

export const unnamed = (locale: Locale) => translate(locale, 'people.unnamed');

/** `step`: the time step of the rotating code that matched (null for a pass): a verify uses it up. */
export interface ResolvedCode { via: 'code' | 'pass'; residentId: string; pass: PickupPass | null; step: number | null; scope: HandoverScope }
/** Where the one handing over stands: a pickup point, her door (送货上门), or (leaders) anywhere. */
export interface HandoverAt { pickupPointId?: string; delivery?: boolean }

/**
 * Finds whose code the leader typed: a rotating code is compared with the current and previous
 * codes of every resident who has goods paid for at this pickup point; a pass by its hash. A wrong
 * code counts against the leader (10 in 5 minutes and he must wait).
 */
export async function resolveTypedCode(db: Db, communityId: string, leaderId: string, raw: string, now: Date, at: HandoverAt = {}): Promise<ResolvedCode> {
  const scope = await handoverScope(db, communityId, leaderId, at);
  const typed = parseTypedCode(raw);
  await assertNotLockedOut(db, leaderId, now);
  if (typed.kind === 'pass') {
    const pass = await findPass(db, communityId, typed.code);
    if (!pass) {
      await recordFailedAttempt(db, leaderId, communityId, now);
      throw notFound('pickup.not_found');
    }
    const problem = passProblem(pass, now);
    if (problem) throw conflict(problem);
    return { via: 'pass', residentId: pass.userId, pass, step: null, scope };
  }
  // Residents with goods on their way or waiting here, and those handed something this week (so a
  // second scan after a hand-over says "nothing left", not "wrong code").
  const res = (await db.execute(sql`select distinct l.user_id as "userId" from order_lines l
    where l.community_id = ${communityId} and (l.status in ('paid', 'confirmed', 'ready_for_pickup')
      or (l.status = 'picked_up' and l.picked_up_at > ${new Date(now.getTime() - 7 * 86_400_000)}))`)) as unknown as { rows: { userId: string }[] };
  const secrets = await pickupSecretsOf(db, res.rows.map((r) => r.userId));
  const matches: { userId: string; step: number }[] = [];
  for (const [userId, secret] of secrets) {
    // acceptedCodes: this step's code first, then the previous step's.
    const i = acceptedCodes(secret, communityId, now).findIndex((c) => sameCode(c, typed.code));
    if (i >= 0) matches.push({ userId, step: stepOf(now) - i });
  }
  if (matches.length === 0) {
    await recordFailedAttempt(db, leaderId, communityId, now);
    throw notFound('pickup.not_found');
  }
  // Two residents' codes agreeing is a one-in-millions chance; the next minute's codes will differ.
  if (matches.length > 1) throw conflict('pickup.code_ambiguous');
  return { via: 'code', residentId: matches[0].userId, pass: null, step: matches[0].step, scope };
}

/** The lines a resolved code may hand over now, or why there are none. */
export async function handableLines(db: DbOrTx, communityId: string, residentId: string, now: Date, timeZone: string, scope?: HandoverScope): Promise<LineRow[]> {
  const ready = await readyLinesOf(db, communityId, residentId, scope);
  const now_ = ready.filter((l) => handable(l, now));
  if (now_.length) return now_;
  if (ready.length) {
    const start = ready.reduce((m, l) => (l.pickupStartAt < m ? l.pickupStartAt : m), ready[0].pickupStartAt);
    throw conflict('pickup.window_not_started', { time: formatInZone(start, timeZone) });
  }
  throw conflict('pickup.nothing_ready');
}

/** The leader typed or scanned a code: whose it is and every line he may hand over to her now. */
export async function lookupPickup(db: Db, communityId: string, leaderId: string, raw: string, now: Date, locale: Locale, at: HandoverAt = {}) {
  const resolved = await resolveTypedCode(db, communityId, leaderId, raw, now, at);
  const community = await getCommunity(db, communityId);
  const lines = await handableLines(db, communityId, resolved.residentId, now, community.timeZone, resolved.scope);
  return pickupAnswer(resolved, lines[0].userName, lines, locale);
}

export function pickupAnswer(resolved: ResolvedCode, residentName: string, lines: LineRow[], locale: Locale) {
  // The leader knows his members: her name here and her 门牌 (never her phone, never a code).
  const name = residentName.trim() || unnamed(locale);
  return {
    via: resolved.via,
    resident: { name, doorNumber: lines[0]?.doorNumber ?? '' },
    collectedFor: resolved.via === 'pass' ? name : null,
    collector: resolved.pass ? resolved.pass.collector || null : null,
    lines: lines.map(lineView),
  };
}

type Household = { residentKey: string; name: string; groupNumbers: number[]; lines: ReturnType<typeof lineView>[] };

function households(rows: LineRow[], locale: Locale): Household[] {
  const byUser = new Map<string, Household>();
  for (const r of rows) {
    const h = byUser.get(r.userId) ?? { residentKey: r.userId, name: maskName(r.userName, unnamed(locale)), groupNumbers: [], lines: [] };
    if (r.groupNumber !== null && !h.groupNumbers.includes(r.groupNumber)) h.groupNumbers.push(r.groupNumber);
    h.lines.push(lineView(r));
    byUser.set(r.userId, h);
  }
  return [...byUser.values()].map((h) => ({ ...h, groupNumbers: h.groupNumbers.sort((a, b) => a - b) }))
    .sort((a, b) => (a.groupNumbers[0] ?? Infinity) - (b.groupNumbers[0] ?? Infinity));
}

/**
 * Who still has goods waiting at the pickup point (by household, with 跟团号 and masked names,
 * never a code), who did not collect in time, and a reminder the leader can paste into the group.
 */
export async function pendingPickups(db: Db, communityId: string, leaderId: string, now: Date, locale: Locale, at: HandoverAt = {}) {
  const scope = await handoverScope(db, communityId, leaderId, at);
  const community = await getCommunity(db, communityId);
  const ready = await lineRows(db, sql`l.community_id = ${communityId} and l.status = 'ready_for_pickup' and ${scopeSql(scope)}`);
  const since = new Date(now.getTime() - 30 * 86_400_000);
  const notCollected = await lineRows(db, sql`l.community_id = ${communityId} and l.status = 'not_collected' and gb.pickup_end_at > ${since} and ${scopeSql(scope)}`);
  const point = scope.at.kind === 'point' ? await getPickupPoint(db, scope.at.pickupPointId) : null;
  const where = point ? { place: point.name, address: point.address, hours: point.hours } : { place: community.pickupPointName, address: community.pickupPointAddress, hours: community.pickupHours };
  const counts = (await db.execute(sql`select
      (select count(*)::int from order_lines where community_id = ${communityId} and status = 'picked_up' and picked_up_at > ${new Date(now.getTime() - 86_400_000)}) as "picked",
      (select count(*)::int from handovers where community_id = ${communityId} and status = 'awaiting_confirmation') as "awaiting"`)) as unknown as { rows: { picked: number; awaiting: number }[] };
  const due = households(ready.filter((l) => handable(l, now)), locale);
  return {
    households: households(ready, locale).map((h) => ({ ...h, windowStarted: h.lines.some((l) => handable(l, now)) })),
    notCollected: households(notCollected, locale),
    pickedUpLast24h: counts.rows[0].picked,
    awaitingConfirmation: counts.rows[0].awaiting,
    reminderText: due.length && scope.at.kind !== 'delivery' ? reminderText(due, where, locale) : '',
  };
}

function reminderText(list: Household[], where: { place: string; address: string; hours: string }, locale: Locale): string {
  const t = (k: string, p: Record<string, unknown> = {}) => translate(locale, `pickupReminder.${k}`, p);
  const sep = t('itemSeparator');
  return [
    t('header', where),
    ...list.map((h) => t('line', {
      numbers: h.groupNumbers.map((n) => `#${n}`).join(' '),
      name: h.name,
      items: h.lines.map((l) => `${l.productName}×${l.quantity}`).join(sep),
    })),
    t('footer', where),
  ].join('\n');
}

/**
 * Her rotating code for this pickup point (it changes every minute; the server accepts it for one
 * more) with its QR (the leader's pickup URL), and what is ready for her there.
 */
export async function pickupCodeView(db: Db, communityId: string, userId: string, baseUrl: string, now: Date) {
  const m = await membershipOf(db, communityId, userId);
  if (!m) {
    await getCommunity(db, communityId);
    throw forbidden('community.not_member');
  }
  const secret = await getOrCreatePickupSecret(db, userId);
  const step = stepOf(now);
  const code = pickupCodeFor(secret, communityId, step);
  const ready = await readyLinesOf(db, communityId, userId);
  return {
    places: await placesOf(db, ready),
    code,
    qrDataUrl: await QRCode.toDataURL(pickupUrl(baseUrl, communityId, { kind: 'code', code }), { margin: 1, width: 320 }),
    expiresAt: stepEndsAt(step),
    stepSeconds: STEP_SECONDS,
    ready: ready.map((l) => ({ ...lineView(l), windowStarted: handable(l, now) })),
  };
}

/**
 * Where her ready goods are handed over — each pickup point once, and her door for a delivery —
 * so her code page names the right place rather than the community's first point.
 */
async function placesOf(db: DbOrTx, lines: LineRow[]) {
  const points = await pickupPointsByIds(db, [...new Set(lines.filter((l) => l.fulfilment === 'pickup' && l.pickupPointId).map((l) => l.pickupPointId!))]);
  const pickups = [...points.values()].map((p) => ({ kind: 'pickup' as const, name: p.name, address: p.address, hours: p.hours }));
  const doors = new Map<string, { kind: 'delivery'; name: string; address: string; hours: string }>();
  for (const l of lines) {
    if (l.fulfilment !== 'delivery') continue;
    const name = [l.deliveryArea, l.deliveryAddress].filter(Boolean).join(' ');
    doors.set(`${name}|${l.deliverySlot ?? ''}`, { kind: 'delivery', name, address: '', hours: l.deliverySlot ?? '' });
  }
  return [...pickups, ...doors.values()];
}

/** Raw rows: timestamps arrive as Date or as text depending on the driver. */
type RawInstant = Date | string;
interface MyHandoverRow {
  id: string; communityId: string; leaderId: string; leaderName: string; method: HandoverMethod; status: HandoverStatus;
  createdAt: RawInstant; settleDueAt: RawInstant | null; confirmedAt: RawInstant | null; disputedAt: RawInstant | null; note: string;
}
interface DeliveryRow {
  id: string; purchaseOrderId: string; deliveryDate: string | Date; supplierName: string | null; groupBuyId: string; itemId: string;
  title: string; productName: string; spec: string; unit: string; batchCode: string | null; quantityOrdered: number;
  quantityConfirmed: number | null; quantityDelivered: number; deliveredAt: RawInstant; quantityReceived: number | null;
  receivedAt: RawInstant | null; pickupStartAt: RawInstant; pickupEndAt: RawInstant;
}

/** Hand-overs the leader recorded for her without a code (waiting for her word, or all of them). */
export async function myHandovers(db: Db, userId: string, status: string | undefined, locale: Locale) {
  const res = (await db.execute(sql`
    select h.id, h.community_id as "communityId", h.leader_id as "leaderId", coalesce(nullif(u.name, ''), ${unnamed(locale)}) as "leaderName",
      h.method, h.status, h.created_at as "createdAt", h.settle_due_at as "settleDueAt", h.confirmed_at as "confirmedAt",
      h.disputed_at as "disputedAt", h.note
    from handovers h join users u on u.id = h.leader_id
    where h.resident_id = ${userId} ${status ? sql`and h.status = ${status}` : sql``}
    order by h.created_at desc limit 50`)) as unknown as { rows: MyHandoverRow[] };
  const ids = res.rows.map((r) => r.id);
  const lines = ids.length ? await lineRows(db, sql`l.handover_id in ${ids}`) : [];
  return {
    items: res.rows.map((h) => ({
      ...h,
      lines: lines.filter((l) => l.handoverId === h.id).map((l) => ({ lineId: l.lineId, groupNumber: l.groupNumber, title: l.title, productName: l.productName, quantity: l.quantity })),
    })),
  };
}

/** Deliveries recorded for the leader's pickup point, received or not, newest first. */
export async function listDeliveries(db: Db, communityId: string, leaderId: string) {
  await requireLeader(db, communityId, leaderId);
  const res = (await db.execute(sql`
    select l.id, l.purchase_order_id as "purchaseOrderId", po.delivery_date as "deliveryDate", s.company_name as "supplierName",
      l.group_buy_id as "groupBuyId", l.item_id as "itemId", gb.title, p.name as "productName", p.spec, p.unit, b.code as "batchCode",
      l.quantity_ordered as "quantityOrdered", l.quantity_confirmed as "quantityConfirmed", l.quantity_delivered as "quantityDelivered",
      l.delivered_at as "deliveredAt", l.quantity_received as "quantityReceived", l.received_at as "receivedAt",
      gb.pickup_start_at as "pickupStartAt", gb.pickup_end_at as "pickupEndAt"
    from purchase_order_lines l
      join purchase_orders po on po.id = l.purchase_order_id
      left join suppliers s on s.id = po.supplier_id
      join group_buys gb on gb.id = l.group_buy_id
      join products p on p.id = l.product_id
      left join batches b on b.id = l.batch_id
    where l.community_id = ${communityId} and l.quantity_delivered is not null
    order by (l.received_at is null) desc, l.delivered_at desc
    limit 200`)) as unknown as { rows: DeliveryRow[] };
  return { items: res.rows };
}

/**
 * 送货上门: the leader's delivery list, by time slot, then by household with area and 门牌 — what
 * has arrived and waits to be taken to residents' doors (handed over there with her code).
 */
export async function deliveryList(db: Db, communityId: string, leaderId: string, now: Date, locale: Locale) {
  await handoverScope(db, communityId, leaderId, { delivery: true });
  const rows = await lineRows(db, sql`l.community_id = ${communityId} and l.status = 'ready_for_pickup' and o.fulfilment = 'delivery'`,
    sql`o.delivery_slot, o.delivery_area, o.delivery_address, l.group_number nulls last, i.position, l.id`);
  const slots = new Map<string, { slot: string; households: { residentKey: string; name: string; area: string; address: string; groupNumbers: number[]; windowStarted: boolean; lines: ReturnType<typeof lineView>[] }[] }>();
  for (const r of rows) {
    const slot = r.deliverySlot ?? '';
    const s = slots.get(slot) ?? { slot, households: [] };
    let h = s.households.find((x) => x.residentKey === r.userId && x.area === (r.deliveryArea ?? '') && x.address === (r.deliveryAddress ?? ''));
    if (!h) { h = { residentKey: r.userId, name: maskName(r.userName, unnamed(locale)), area: r.deliveryArea ?? '', address: r.deliveryAddress ?? '', groupNumbers: [], windowStarted: false, lines: [] }; s.households.push(h); }
    if (r.groupNumber !== null && !h.groupNumbers.includes(r.groupNumber)) h.groupNumbers.push(r.groupNumber);
    h.windowStarted ||= handable(r, now);
    h.lines.push(lineView(r));
    slots.set(slot, s);
  }
  return { slots: [...slots.values()].sort((a, b) => a.slot.localeCompare(b.slot)) };
}
