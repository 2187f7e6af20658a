// Pickup points (自提点) and door delivery (送货上门): where a community's residents get their goods.
// pickup_points is the one source of truth for where that is; the community's "pickup point" shown
// on screens is its first open point (by position, then age).
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { inTransaction } from '../../platform/events/service.js';
import { users } from '../identity/index.js';
import { deliverySettings, memberships, pickupPoints, pickupPointStaff } from './schema.js';

export type PickupPoint = typeof pickupPoints.$inferSelect;
export type Actor = { id: string; isOperator: boolean };

export const HOURS_RE = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
export const PICKUP_POINT_LIMITS = { name: 50, address: 200, points: 20, staff: 10 } as const;
export const DELIVERY_LIMITS = { maxFeeFen: 5000, areas: 50, area: 20, slots: 10, address: 50 } as const;

/** Hours like "08:00-20:00", the end after the start. */
export function validHours(hours: string): boolean {
  return HOURS_RE.test(hours) && hours.slice(0, 5) < hours.slice(6);
}

async function requireLeaderOrOperator(db: DbOrTx, communityId: string, actor: Actor) {
  if (actor.isOperator) return;
  const [m] = await db.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.communityId, communityId), eq(memberships.userId, actor.id)));
  if (!m) {
    const exists = await db.execute(sql`select 1 from communities where id = ${communityId}`) as unknown as { rows: unknown[] };
    if (exists.rows.length === 0) throw notFound('community.not_found');
    throw forbidden('community.not_member');
  }
  if (m.role !== 'leader') throw forbidden();
}

const pointOrder = [asc(pickupPoints.position), asc(pickupPoints.createdAt), asc(pickupPoints.id)];

/** A community's points (closed ones too when asked), in the order residents see them, with their staff. */
export async function listPickupPoints(db: DbOrTx, communityId: string, opts: { includeClosed?: boolean } = {}) {
  const rows = await db.select().from(pickupPoints)
    .where(and(eq(pickupPoints.communityId, communityId), opts.includeClosed ? undefined : isNull(pickupPoints.closedAt))).orderBy(...pointOrder);
  const staff = rows.length ? await db.select({ pickupPointId: pickupPointStaff.pickupPointId, userId: pickupPointStaff.userId, name: users.name, displayName: memberships.displayName })
    .from(pickupPointStaff).innerJoin(users, eq(users.id, pickupPointStaff.userId))
    .leftJoin(memberships, and(eq(memberships.communityId, pickupPointStaff.communityId), eq(memberships.userId, pickupPointStaff.userId)))
    .where(inArray(pickupPointStaff.pickupPointId, rows.map((r) => r.id))).orderBy(asc(pickupPointStaff.createdAt)) : [];
  return rows.map((p) => ({
    id: p.id, communityId: p.communityId, name: p.name, address: p.address, hours: p.hours, position: p.position, closedAt: p.closedAt,
    staff: staff.filter((s) => s.pickupPointId === p.id).map((s) => ({ userId: s.userId, name: s.displayName || s.name || '' })),
  }));
}
export type PickupPointView = Awaited<ReturnType<typeof listPickupPoints>>[number];

/** The community's first open point (its default), or its first point at all if every one is closed. */
export async function firstPickupPoint(db: DbOrTx, communityId: string): Promise<PickupPoint> {
  const [open] = await db.select().from(pickupPoints).where(and(eq(pickupPoints.communityId, communityId), isNull(pickupPoints.closedAt))).orderBy(...pointOrder).limit(1);
  if (open) return open;
  const [any] = await db.select().from(pickupPoints).where(eq(pickupPoints.communityId, communityId)).orderBy(...pointOrder).limit(1);
  if (!any) throw notFound('pickup_point.not_found');
  return any;
}

/** SQL for "the community's first open point" of a row with `community_id` (for joins in reads). */
export const firstPointSql = (communityIdColumn: ReturnType<typeof sql>) =>
  sql`(select pp.id from pickup_points pp where pp.community_id = ${communityIdColumn} order by (pp.closed_at is not null), pp.position, pp.created_at, pp.id limit 1)`;

export async function getPickupPoint(db: DbOrTx, pointId: string): Promise<PickupPoint> {
  const [p] = await db.select().from(pickupPoints).where(eq(pickupPoints.id, pointId));
  if (!p) throw notFound('pickup_point.not_found');
  return p;
}

export async function pickupPointsByIds(db: DbOrTx, ids: string[]): Promise<Map<string, PickupPoint>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(pickupPoints).where(inArray(pickupPoints.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

export interface PickupPointInput { name: string; address: string; hours: string }

function checkPoint(input: Partial<PickupPointInput>) {
  if (input.name !== undefined && (input.name.trim().length < 1 || input.name.trim().length > PICKUP_POINT_LIMITS.name)) throw badRequest('pickup_point.name_length', { max: PICKUP_POINT_LIMITS.name });
  if (input.address !== undefined && (input.address.trim().length < 1 || input.address.trim().length > PICKUP_POINT_LIMITS.address)) throw badRequest('pickup_point.address_length', { max: PICKUP_POINT_LIMITS.address });
  if (input.hours !== undefined && !validHours(input.hours.trim())) throw badRequest('community.hours_invalid');
}

/** Inserts a community's point (used by createCommunity for its first one, and by leaders for more). */
export async function insertPickupPoint(db: DbOrTx, communityId: string, input: PickupPointInput) {
  checkPoint(input);
  const [{ next }] = (await db.execute(sql`select coalesce(max(position) + 1, 0)::int as next from pickup_points where community_id = ${communityId}`) as unknown as { rows: { next: number }[] }).rows;
  const [row] = await db.insert(pickupPoints).values({ communityId, name: input.name.trim(), address: input.address.trim(), hours: input.hours.trim(), position: next }).returning();
  return row;
}

export async function addPickupPoint(db: Db, actor: Actor, communityId: string, input: PickupPointInput) {
  await requireLeaderOrOperator(db, communityId, actor);
  checkPoint(input);
  return inTransaction(db, async (tx) => {
    const [{ n }] = (await tx.execute(sql`select count(*)::int as n from pickup_points where community_id = ${communityId} and closed_at is null`) as unknown as { rows: { n: number }[] }).rows;
    if (n >= PICKUP_POINT_LIMITS.points) throw conflict('pickup_point.too_many', { max: PICKUP_POINT_LIMITS.points });
    return insertPickupPoint(tx, communityId, input);
  });
}

async function ownPoint(db: DbOrTx, actor: Actor, pointId: string) {
  const p = await getPickupPoint(db, pointId);
  await requireLeaderOrOperator(db, p.communityId, actor);
  return p;
}

export async function updatePickupPoint(db: Db, actor: Actor, pointId: string, input: Partial<PickupPointInput>) {
  await ownPoint(db, actor, pointId);
  checkPoint(input);
  const set = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined).map(([k, v]) => [k, (v as string).trim()]));
  if (Object.keys(set).length === 0) return getPickupPoint(db, pointId);
  const [row] = await db.update(pickupPoints).set(set).where(eq(pickupPoints.id, pointId)).returning();
  return row;
}

/** Closes a point (it keeps its history, takes no new orders); the last open point cannot close. */
export async function closePickupPoint(db: Db, actor: Actor, pointId: string, now: Date) {
  const p = await ownPoint(db, actor, pointId);
  return inTransaction(db, async (tx) => {
    // Lock the community's points so two closes cannot leave none open.
    const open = await tx.select({ id: pickupPoints.id }).from(pickupPoints)
      .where(and(eq(pickupPoints.communityId, p.communityId), isNull(pickupPoints.closedAt))).orderBy(asc(pickupPoints.id)).for('update');
    if (!open.some((o) => o.id === pointId)) throw conflict('pickup_point.closed');
    if (open.length <= 1) throw conflict('pickup_point.last_open');
    const [row] = await tx.update(pickupPoints).set({ closedAt: now }).where(eq(pickupPoints.id, pointId)).returning();
    return row;
  });
}

export async function reopenPickupPoint(db: Db, actor: Actor, pointId: string) {
  await ownPoint(db, actor, pointId);
  const [row] = await db.update(pickupPoints).set({ closedAt: null }).where(eq(pickupPoints.id, pointId)).returning();
  return row;
}

/** Puts the community's points in the given order (every point of the community, each once). */
export async function reorderPickupPoints(db: Db, actor: Actor, communityId: string, ids: string[]) {
  await requireLeaderOrOperator(db, communityId, actor);
  const all = await db.select({ id: pickupPoints.id }).from(pickupPoints).where(eq(pickupPoints.communityId, communityId));
  const mine = new Set(all.map((a) => a.id));
  if (ids.length !== mine.size || new Set(ids).size !== ids.length || ids.some((id) => !mine.has(id))) throw badRequest('pickup_point.order_invalid');
  await inTransaction(db, async (tx) => {
    for (const [i, id] of ids.entries()) await tx.update(pickupPoints).set({ position: i }).where(eq(pickupPoints.id, id));
  });
  return listPickupPoints(db, communityId, { includeClosed: true });
}

/** Names who may hand over at a point besides the leaders: members of the community only. */
export async function setPickupPointStaff(db: Db, actor: Actor, pointId: string, userIds: string[]) {
  const p = await ownPoint(db, actor, pointId);
  const wanted = [...new Set(userIds)];
  if (wanted.length > PICKUP_POINT_LIMITS.staff) throw badRequest('pickup_point.too_many_staff', { max: PICKUP_POINT_LIMITS.staff });
  const members = wanted.length ? await db.select({ userId: memberships.userId }).from(memberships)
    .where(and(eq(memberships.communityId, p.communityId), inArray(memberships.userId, wanted))) : [];
  if (members.length !== wanted.length) throw badRequest('pickup_point.staff_not_member');
  await inTransaction(db, async (tx) => {
    await tx.delete(pickupPointStaff).where(eq(pickupPointStaff.pickupPointId, pointId));
    if (wanted.length) await tx.insert(pickupPointStaff).values(wanted.map((userId) => ({ pickupPointId: pointId, communityId: p.communityId, userId })));
  });
  return (await listPickupPoints(db, p.communityId, { includeClosed: true })).find((x) => x.id === pointId)!;
}

/** The points where this user is named staff (in one community). */
export async function staffPointsOf(db: DbOrTx, communityId: string, userId: string): Promise<string[]> {
  const rows = await db.select({ id: pickupPointStaff.pickupPointId }).from(pickupPointStaff)
    .where(and(eq(pickupPointStaff.communityId, communityId), eq(pickupPointStaff.userId, userId)));
  return rows.map((r) => r.id);
}

export interface HandoverScope {
  /** Leader: everywhere (points and doors); staff: only their points, never a door. */
  role: 'leader' | 'staff';
  /** The point he is at (null: every point he may serve), or the door. */
  at: { kind: 'point'; pickupPointId: string; name: string } | { kind: 'delivery' } | { kind: 'any'; pickupPointIds: string[] | null };
}

/**
 * Who may hand over where: a community's leaders at every point and at the door; named staff only
 * at their own points. Throws 403 otherwise (another point, a door, or no role at all).
 */
export async function handoverScope(db: DbOrTx, communityId: string, userId: string, at: { pickupPointId?: string; delivery?: boolean } = {}): Promise<HandoverScope> {
  const [m] = await db.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.communityId, communityId), eq(memberships.userId, userId)));
  const role = m?.role === 'leader' ? 'leader' as const : 'staff' as const;
  const staffAt = role === 'staff' && m ? await staffPointsOf(db, communityId, userId) : [];
  if (role === 'staff' && staffAt.length === 0) {
    const exists = await db.execute(sql`select 1 from communities where id = ${communityId}`) as unknown as { rows: unknown[] };
    if (exists.rows.length === 0) throw notFound('community.not_found');
    throw forbidden();
  }
  if (at.delivery) {
    if (role !== 'leader') throw forbidden('pickup.not_your_point');
    return { role, at: { kind: 'delivery' } };
  }
  if (at.pickupPointId) {
    const [p] = await db.select().from(pickupPoints).where(and(eq(pickupPoints.id, at.pickupPointId), eq(pickupPoints.communityId, communityId)));
    if (!p) throw notFound('pickup_point.not_found');
    if (role === 'staff' && !staffAt.includes(p.id)) throw forbidden('pickup.not_your_point');
    return { role, at: { kind: 'point', pickupPointId: p.id, name: p.name } };
  }
  return { role, at: { kind: 'any', pickupPointIds: role === 'leader' ? null : staffAt } };
}

// ───────────── door delivery ─────────────

export interface DeliverySettingsInput { enabled: boolean; feeFen: number; areas: string[]; slots: string[] }

export async function getDeliverySettings(db: DbOrTx, communityId: string) {
  const [row] = await db.select().from(deliverySettings).where(eq(deliverySettings.communityId, communityId));
  return { enabled: row?.enabled ?? false, feeFen: row?.feeFen ?? 0, areas: row?.areas ?? [], slots: row?.slots ?? [] };
}
export type DeliverySettings = Awaited<ReturnType<typeof getDeliverySettings>>;

export async function setDeliverySettings(db: Db, actor: Actor, communityId: string, input: DeliverySettingsInput) {
  await requireLeaderOrOperator(db, communityId, actor);
  const areas = [...new Set(input.areas.map((a) => a.trim()).filter(Boolean))];
  const slots = [...new Set(input.slots.map((s) => s.trim()).filter(Boolean))];
  if (!Number.isInteger(input.feeFen) || input.feeFen < 0 || input.feeFen > DELIVERY_LIMITS.maxFeeFen) throw badRequest('delivery_settings.fee_invalid', { max: DELIVERY_LIMITS.maxFeeFen / 100 });
  if (areas.length > DELIVERY_LIMITS.areas || areas.some((a) => a.length > DELIVERY_LIMITS.area)) throw badRequest('delivery_settings.areas_invalid', { max: DELIVERY_LIMITS.areas });
  if (slots.length > DELIVERY_LIMITS.slots) throw badRequest('delivery_settings.slots_invalid', { max: DELIVERY_LIMITS.slots });
  const bad = slots.find((s) => !validHours(s));
  if (bad) throw badRequest('delivery_settings.slot_invalid', { slot: bad });
  if (input.enabled && (areas.length === 0 || slots.length === 0)) throw badRequest('delivery_settings.incomplete');
  const values = { enabled: input.enabled, feeFen: input.feeFen, areas, slots, updatedAt: new Date() };
  await db.insert(deliverySettings).values({ communityId, ...values }).onConflictDoUpdate({ target: deliverySettings.communityId, set: values });
  return getDeliverySettings(db, communityId);
}

// ───────────── the resident's choice at checkout ─────────────

export type FulfilmentChoice = { pickupPointId?: string | null; delivery?: { area: string; address: string; slot: string } | null };
export interface ResolvedFulfilment {
  fulfilment: 'pickup' | 'delivery'; pickupPointId: string; deliveryArea: string | null; deliveryAddress: string | null; deliverySlot: string | null; deliveryFeeFen: number;
}

/** Her default: the point of her last order here (`lastPointId`) if it is still open, else the first open point. */
export async function defaultPickupPoint(db: DbOrTx, communityId: string, lastPointId: string | null): Promise<PickupPoint> {
  if (lastPointId) {
    const [p] = await db.select().from(pickupPoints).where(and(eq(pickupPoints.id, lastPointId), eq(pickupPoints.communityId, communityId), isNull(pickupPoints.closedAt)));
    if (p) return p;
  }
  return firstPickupPoint(db, communityId);
}

/**
 * Checks where she wants her goods: an open point of this community, or (when offered) her door in
 * one of the areas and slots, with the fee. Throws a clear error otherwise; nothing is written.
 */
export async function resolveFulfilment(db: DbOrTx, communityId: string, lastPointId: string | null, choice: FulfilmentChoice): Promise<ResolvedFulfilment> {
  if (choice.delivery) {
    const d = await getDeliverySettings(db, communityId);
    if (!d.enabled) throw badRequest('delivery.not_offered');
    const area = choice.delivery.area.trim();
    const address = choice.delivery.address.trim();
    if (!d.areas.includes(area)) throw badRequest('delivery.area_not_served', { area, areas: d.areas.join('、') });
    if (!d.slots.includes(choice.delivery.slot.trim())) throw badRequest('delivery.slot_unknown', { slot: choice.delivery.slot });
    if (address.length < 1 || address.length > DELIVERY_LIMITS.address) throw badRequest('delivery.address_length', { max: DELIVERY_LIMITS.address });
    // The goods arrive at the community's first point and leave from there to her door.
    const from = await firstPickupPoint(db, communityId);
    return { fulfilment: 'delivery', pickupPointId: from.id, deliveryArea: area, deliveryAddress: address, deliverySlot: choice.delivery.slot.trim(), deliveryFeeFen: d.feeFen };
  }
  let point: PickupPoint;
  if (choice.pickupPointId) {
    const [p] = await db.select().from(pickupPoints).where(eq(pickupPoints.id, choice.pickupPointId));
    if (!p || p.communityId !== communityId) throw badRequest('pickup_point.other_community');
    if (p.closedAt) throw badRequest('pickup_point.closed_for_orders', { name: p.name });
    point = p;
  } else {
    point = await defaultPickupPoint(db, communityId, lastPointId);
  }
  return { fulfilment: 'pickup', pickupPointId: point.id, deliveryArea: null, deliveryAddress: null, deliverySlot: null, deliveryFeeFen: 0 };
}

/** What a resident sees before checkout: the open points, her default, and delivery if offered. */
export async function checkoutOptions(db: DbOrTx, communityId: string, lastPointId: string | null) {
  const [points, delivery, def] = [await listPickupPoints(db, communityId), await getDeliverySettings(db, communityId), await defaultPickupPoint(db, communityId, lastPointId)];
  return {
    pickupPoints: points.map(({ staff: _s, ...p }) => p),
    defaultPickupPointId: def.closedAt ? null : def.id,
    delivery: delivery.enabled ? { feeFen: delivery.feeFen, areas: delivery.areas, slots: delivery.slots } : null,
  };
}
