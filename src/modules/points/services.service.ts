import { asc, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { pointsServices } from './schema.js';
import { spendPoints } from './service.js';

/** Services the platform lists for points (e.g. 免费磨刀, 上门测血压): the operator keeps the list, residents redeem. */
export const SERVICE_LIMITS = { nameMax: 40, descriptionMax: 300, priceMax: 100_000 } as const;

export type PointsService = typeof pointsServices.$inferSelect;
const view = (s: PointsService) => ({ id: s.id, name: s.name, description: s.description, pricePoints: s.pricePoints, active: s.active });

export async function listServices(db: DbOrTx, opts: { activeOnly: boolean }) {
  const rows = await db.select().from(pointsServices).where(opts.activeOnly ? eq(pointsServices.active, true) : undefined).orderBy(asc(pointsServices.pricePoints), asc(pointsServices.createdAt));
  return rows.map(view);
}

function checkService(input: { name?: string; description?: string; pricePoints?: number }) {
  if (input.name !== undefined && (input.name.trim().length < 2 || input.name.trim().length > SERVICE_LIMITS.nameMax)) throw badRequest('points.service_name', { max: SERVICE_LIMITS.nameMax });
  if (input.description !== undefined && input.description.length > SERVICE_LIMITS.descriptionMax) throw badRequest('points.service_description', { max: SERVICE_LIMITS.descriptionMax });
  if (input.pricePoints !== undefined && (!Number.isSafeInteger(input.pricePoints) || input.pricePoints < 1 || input.pricePoints > SERVICE_LIMITS.priceMax)) throw badRequest('points.service_price', { max: SERVICE_LIMITS.priceMax });
}

/** The operator lists a service (checked before anything is written). */
export async function createService(db: DbOrTx, input: { name: string; description?: string; pricePoints: number }) {
  checkService(input);
  const [s] = await db.insert(pointsServices).values({ name: input.name.trim(), description: (input.description ?? '').trim(), pricePoints: input.pricePoints }).returning();
  return view(s);
}

/** The operator changes a service or takes it off the list (active: false); earlier redemptions stand. */
export async function updateService(db: DbOrTx, id: string, input: { name?: string; description?: string; pricePoints?: number; active?: boolean }) {
  checkService(input);
  const [s] = await db.update(pointsServices).set({
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.description !== undefined ? { description: input.description.trim() } : {}),
    ...(input.pricePoints !== undefined ? { pricePoints: input.pricePoints } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
  }).where(eq(pointsServices.id, id)).returning();
  if (!s) throw notFound('points.service_not_found');
  return view(s);
}

/** A resident redeems a listed service with her points in a community (the same key redeems once). */
export async function redeemService(tx: Tx, input: { userId: string; communityId: string; serviceId: string; idempotencyKey: string; now: Date }) {
  const [s] = await tx.select().from(pointsServices).where(eq(pointsServices.id, input.serviceId));
  if (!s) throw notFound('points.service_not_found');
  if (!s.active) throw conflict('points.service_inactive');
  const spent = await spendPoints(tx, {
    userId: input.userId, communityId: input.communityId, amount: s.pricePoints, code: 'service', refId: `service:${s.id}`,
    idempotencyKey: `service:${input.userId}:${input.idempotencyKey}`, now: input.now,
  });
  return { transferId: spent.transferId, amount: spent.amount, service: view(s) };
}
