// Response schemas of pickup points (自提点), their staff, and door delivery (送货上门).
import { z } from 'zod';
import { instant } from './api-schemas.js';
import { pickupLine } from './fulfilment.api.js';

export const pickupPoint = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  name: z.string(),
  address: z.string(),
  /** "08:00-20:00" in the community's time zone. */
  hours: z.string(),
  position: z.number().int(),
  /** Closed points keep their history but take no new orders. */
  closedAt: instant.nullable(),
  /** Who may hand over here besides the leaders (shown to leaders and operators only). */
  staff: z.array(z.object({ userId: z.uuid(), name: z.string() })),
}).meta({ id: 'PickupPoint' });

export const pickupPointList = z.object({
  items: z.array(pickupPoint),
  /** Leaders and operators may add, edit, reorder and close points. */
  canManage: z.boolean(),
  /** The points this user may hand over at (leaders: every open point). */
  handOverAt: z.array(z.uuid()),
  /** Leaders hand over at residents' doors too. */
  mayDeliver: z.boolean(),
}).meta({ id: 'PickupPointList' });

export const deliverySettings = z.object({
  enabled: z.boolean(),
  feeFen: z.number().int(),
  areas: z.array(z.string()),
  slots: z.array(z.string()),
}).meta({ id: 'DeliverySettings' });

export const deliveryList = z.object({
  slots: z.array(z.object({
    slot: z.string(),
    households: z.array(z.object({
      residentKey: z.uuid(), name: z.string(), area: z.string(), address: z.string(),
      groupNumbers: z.array(z.number().int()), windowStarted: z.boolean(), lines: z.array(pickupLine),
    })),
  })),
}).meta({ id: 'DoorDeliveryList' });
