/** The fulfilment module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { getHandover, getOrCreatePickupSecret, insertHandover, listPasses, lockDueHandovers, lockHandover, lockPass, resolveHandover, revokePass, useCodeStep, usePass } from './handover.service.js';
export type { Handover } from './handover.service.js';
export { createPickupPass } from './passes.service.js';
export { bagLabels, pickList, pickListWorkbook } from './pick-list.service.js';
export { pickupCodeFor, stepOf } from './pickup-code.js';
export { aggregateClosedGroupBuys, confirmPurchaseOrder, getPurchaseOrder, getPurchaseOrderLine, listPurchaseOrders, setDelivered, setReceived } from './purchase-orders.service.js';
export { deliveryList, handable, handableLines, lineRows, listDeliveries, scopeSql, lookupPickup, myHandovers, pendingPickups, pickupAnswer, pickupCodeView, readyLinesOf, resolveTypedCode } from './service.js';
export type { HandoverAt, LineRow } from './service.js';
export { handoverMethods, handoverStatuses } from './schema.js';
export { productsHandedTo } from './handed-products.js';
