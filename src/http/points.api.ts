import { z } from 'zod';
import { instant } from './api-schemas.js';
import { pointsCodes } from '../modules/points/index.js';

/** Response shapes of the points routes. */
export const pointsEntry = z.object({
  id: z.uuid(), seq: z.int(), kind: z.enum(['posted', 'pending', 'post_pending', 'void_pending']), code: z.enum(pointsCodes),
  refId: z.string(), createdAt: instant, delta: z.int(), amount: z.int(), pendingId: z.uuid().nullable(),
}).meta({ id: 'PointsEntry' });

export const myPoints = z.object({
  available: z.int(), held: z.int(),
  history: z.array(pointsEntry),
  earning: z.array(z.object({ code: z.enum(pointsCodes), amount: z.int(), perDay: z.int() })),
  checkout: z.object({ fenPerPoint: z.int(), maxShareBasisPoints: z.int() }),
}).meta({ id: 'MyPoints' });

export const pointsService = z.object({ id: z.uuid(), name: z.string(), description: z.string(), pricePoints: z.int(), active: z.boolean() }).meta({ id: 'PointsService' });
export const pointsServiceList = z.object({ items: z.array(pointsService) }).meta({ id: 'PointsServiceList' });
export const redeemed = z.object({ transferId: z.uuid(), amount: z.int(), service: pointsService, available: z.int() }).meta({ id: 'PointsRedeemed' });
