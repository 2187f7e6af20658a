import { z } from 'zod';
import { myCommunity } from './community.api.js';
import { mySupplier } from './suppliers.api.js';

/** Response shapes of the identity routes. */

export const loginCodeSent = z.object({ expiresInSeconds: z.number().int() }).meta({ id: 'LoginCodeSent' });

export const signedIn = z.object({ userId: z.uuid() }).meta({ id: 'SignedIn' });

/** GET /api/me: who she is (never her full phone number), her communities and her suppliers. */
export const me = z.object({
  user: z.object({
    id: z.uuid(),
    name: z.string(),
    phoneMasked: z.string(),
    isOperator: z.boolean(),
    /** "MM-DD" when she gave one. */
    birthday: z.string().nullable(),
  }),
  communities: z.array(myCommunity),
  suppliers: z.array(mySupplier),
}).meta({ id: 'Me' });
