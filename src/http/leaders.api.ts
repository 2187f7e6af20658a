import { z } from 'zod';
import { instant } from './api-schemas.js';

/** Response shapes of the leader routes. */

/** A leader's trial of a product (团长背书) as recorded; photos are public at /api/files/:id. */
export const endorsementRecord = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  leaderId: z.uuid(),
  productId: z.uuid(),
  rating: z.number().int(),
  story: z.string(),
  photoFileIds: z.array(z.uuid()),
  createdAt: instant,
  withdrawnAt: instant.nullable(),
  withdrawReason: z.string().nullable(),
}).meta({ id: 'EndorsementRecord' });

/** An endorsement with its leader, product, community and photo addresses. */
export const endorsement = endorsementRecord.extend({
  leaderName: z.string(),
  leaderTitle: z.string().nullable(),
  productName: z.string(),
  communityName: z.string(),
  photoUrls: z.array(z.string()),
}).meta({ id: 'Endorsement' });
