import { z } from 'zod';

/** Response shapes of the payment routes. */

const paymentStatus = z.enum(['pending', 'held', 'settled', 'refunded', 'failed', 'cancelled']);

/** A payment of her order; the platform holds the money until the hand-over. */
export const payment = z.object({
  id: z.uuid(),
  orderId: z.uuid(),
  amountFen: z.number().int(),
  status: paymentStatus,
  provider: z.string(),
}).meta({ id: 'Payment' });

export const sandboxConfirmed = z.object({ id: z.uuid(), orderId: z.uuid(), status: paymentStatus }).meta({ id: 'SandboxConfirmed' });
