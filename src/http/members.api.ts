import { z } from 'zod';
import { instant } from './api-schemas.js';

/** Response shapes of the members routes: her name and 门牌 here, the leaders' members page. */

const role = z.enum(['resident', 'leader']);

/** Her own membership, as she sees and edits it on her profile in that community. */
export const myMembership = z.object({
  communityId: z.uuid(),
  displayName: z.string(),
  doorNumber: z.string(),
  role,
  joinedAt: instant,
}).meta({ id: 'MyMembership' });

/** A member as her community's leaders see her: name, 门牌, orders, their private note; the phone masked. */
export const directoryMember = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  doorNumber: z.string(),
  role,
  joinedAt: instant,
  phoneMasked: z.string(),
  orderCount: z.number().int(),
  lastOrderAt: instant.nullable(),
  note: z.string(),
  noteUpdatedAt: instant.nullable(),
}).meta({ id: 'DirectoryMember' });

export const memberDirectory = z.object({ items: z.array(directoryMember), total: z.number().int(), hasMore: z.boolean() }).meta({ id: 'MemberDirectory' });

/** A leader's private note about a member, after saving (empty: cleared). */
export const memberNote = z.object({ userId: z.uuid(), note: z.string(), updatedAt: instant.nullable() }).meta({ id: 'MemberNote' });
