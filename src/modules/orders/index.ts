/** The orders module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { clearBasket, getBasket, removeFromBasket, setBasketItem } from './basket.service.js';
export { countPaidLines, getLineSummary, monthlyOrderFacts, orderFeedbackFacts, productsBoughtBy, recentBuyerIds, residentBuyingFacts } from './facts.service.js';
export { allocateItemShortage, linesOfHandover, lockLines, lockLinesDueNotCollected, markItemLinesReady, markLinesNotCollected, markLinesPickedUp, openUnitsOfItem, paidQuantitiesByItem } from './fulfilment-lines.service.js';
export type { LineShortage, OrderLine } from './fulfilment-lines.service.js';
export { MAX_LINES, MAX_QUANTITY, cancelOrder, fulfilmentOfOrders, lastPickupPointOf, cancelUnpaidAtClose, confirmPaidAtClose, expireUnpaidOrders, getMyOrder, linesOfKey, listForGroupBuy, listMyOrders, markPaid, normaliseLines, placeOrder, rollCall, viewOfPlaced } from './service.js';
export type { BasketLineInput } from './service.js';
export { lineStatuses, orderStatuses } from './schema.js';
export { NOTE_MAX } from './service.js';
