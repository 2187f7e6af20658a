/** The orders module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { clearBasket, getBasket, removeBundlesFromBasket, removeFromBasket, setBasketBundle, setBasketItem } from './basket.service.js';
export { countPaidLines, getLineSummary, monthlyOrderFacts, orderFeedbackFacts, productsBoughtBy, recentBuyerIds, residentBuyingFacts } from './facts.service.js';
export { allocateItemShortage, linesOfHandover, lockLines, lockLinesDueNotCollected, markItemLinesReady, markLinesNotCollected, markLinesPickedUp, openUnitsOfItem, paidQuantitiesByItem } from './fulfilment-lines.service.js';
export type { LineShortage, OrderLine } from './fulfilment-lines.service.js';
export { MAX_LINES, MAX_QUANTITY, LEADER_NOTE_MAX, cancelOrder, checkNote, getCommunityOrder, leaderCancel, lineChangesOf, lineInCommunity, lockOrderLine, recordLeaderRefund, cancelUnpaidAtClose, confirmPaidAtClose, expireUnpaidOrders, getMyOrder, linesOfKey, normaliseBundles, partsOfKey, listForGroupBuy, listMyOrders, linesShort, markPaid, normaliseLines, placeOrder, rollCall, viewOfPlaced, fulfilmentOfOrders, lastPickupPointOf } from './service.js';
export type { BasketLineInput, BundleLineInput } from './service.js';
export { leaderCancelReasons, leaderRefundReasons, lineStatuses, orderStatuses } from './schema.js';
export type { LeaderCancelReason, LeaderRefundReason } from './schema.js';
export type { CancelResult, LineChange } from './service.js';
export { NOTE_MAX } from './service.js';
export { buyersOfGroupBuy, itemHasOrders, pendingBuyersAbove, priceDropPreview, repriceOrderToCurrent, repricePaidLines } from './price-drop.service.js';
export type { RepricedLine } from './price-drop.service.js';
export { soldOutFromMemory, soldOutItemOf } from './sold-out-answer.service.js';
