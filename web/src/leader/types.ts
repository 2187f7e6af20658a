import type { components } from '../shared/api-types';

/* Leader-side answers, as the server's OpenAPI description declares them (api-types.ts). */
type Schemas = components['schemas'];

/** One order of a group buy as the leader sees it (GET /api/group-buys/:id/orders): 跟团号, masked name, 备注, current lines. */
export type LeaderOrder = Schemas['GroupBuyOrder'];
export type LeaderOrderLine = LeaderOrder['lines'][number];

/** GET /api/group-buys/:id/roll-call: the 接龙 of real orders, masked names. */
export type RollCall = Schemas['RollCall'];
export type ShareKit = Schemas['ShareKit'];
export type InviteKit = Schemas['Invite'];

/** A ready line shown at the hand-over. */
export type HandoverLine = Schemas['PickupLine'];
/** POST /api/communities/:id/pickups/lookup */
export type PickupLookup = Schemas['PickupLookup'];
/** POST /api/communities/:id/pickups/verify */
export type PickupDone = Schemas['PickupVerified'];

/** GET /api/communities/:id/pickups/pending */
export type PendingPickups = Schemas['PendingPickups'];
/** A household with goods waiting; `windowStarted` is false while none of her pickup windows has started. */
export type PendingHousehold = PendingPickups['households'][number];

/** A delivered purchase-order line for his pickup point (GET /api/communities/:id/deliveries). */
export type DeliveryLine = Schemas['Delivery'];

/** Bag labels: 跟团号, masked name, items. Never a code. */
export type LabelSheet = Schemas['BagLabels'];
export type BagLabel = LabelSheet['labels'][number];

/** GET /api/communities/:id/pick-list?date= (跟团号 instead of codes). */
export type PickList = Schemas['PickList'];
export type PickListRow = PickList['residents'][number];
export type PickupPointItem = Schemas['PickupPoint'];
export type PickupPointList = Schemas['PickupPointList'];
export type DeliverySettings = Schemas['DeliverySettings'];
export type DoorDeliveryList = Schemas['DoorDeliveryList'];
