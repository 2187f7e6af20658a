/** The groupbuy module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { claimEndReminders, claimOpenReminders, groupBuyWindows, lockItem, markItemArrived } from './arrival.service.js';
export type { ReminderDue } from './arrival.service.js';
export { groupBuyItems, groupBuys } from './schema.js';
export { MAX_ITEMS, actualCutoff, closedItemSummaries, MAX_ORDER_TOTAL_FEN, effectiveStatus, getGroupBuy, getGroupBuyDetail, heldQuantities, holdForPerson, itemsForOrdering, listGroupBuys, lockDueGroupBuys, lockForOrdering, logMovements, markClosed, nextNumbers, openGroupBuy, releaseItemStock, requireOwnGroupBuy, reserveItemStock, rollLine, shareKit, stockLeft, stockOf } from './service.js';
export type { OrderingItem, RollEntry, OpenGroupBuyInput, OpenItemInput } from './service.js';
export { groupBuyStatuses } from './schema.js';
export { OPEN_LIMITS } from './service.js';
export { addItem, changeTexts, changeTimes, completeChange, copiedTimes, copyToDraft, createDraft, deleteDraft, getDraft, listChanges, listDrafts, lockForChange, lockItemForChange, recordChange, requireLive, saveDraft, setItemLimit, setItemPrice, setItemStock } from './changes.service.js';
export type { Draft, LockedItem, TimesChange } from './changes.service.js';
export { checkItem } from './service.js';
export { groupBuyChangeKinds, groupBuyDrafts } from './schema.js';
export type { DraftContent } from './schema.js';
// Residents find things (search, 到货提醒) and the leader's morning announcements: their own files.
export { restockAlerts, pickupAnnouncements } from './restock-alerts.schema.js';
export { cancelRestock, deliverRestockAlerts, myRestockAlert, restockAlertOf, subscribeRestock } from './restock-alerts.service.js';
export type { RestockAlertStatus } from './restock-alerts.service.js';
export { SEARCH_LIMITS, likePattern, normaliseQuery, searchOpenItems } from './search.service.js';
export { announcementsOn, claimAnnouncements, setAnnouncementTold } from './announcements.service.js';
export type { AnnouncementKind } from './announcements.service.js';
// Items seen sold out: late arrivals of a rush are refused from memory (sold-out.ts).
export { forgetSoldOut, forgetSoldOutOfGroupBuy, knownSoldOut, knownSoldOutOfGroupBuy, rememberSoldOut, soldOutSettings } from './sold-out.js';
export type { SoldOutFacts } from './sold-out.js';
export { holdForPeople, lockItemStocks, logPlacedMovements, releaseHolds, takeItemStocks } from './rush-stock.service.js';
export type { HoldRow } from './rush-stock.service.js';
// Campaign bundles sold in a group buy: one basket line, parts taken from each item (docs/bundles.md).
export { groupBuyBundleParts, groupBuyBundles } from './schema.js';
export { addBundleOffer, allocateBundlePrice, bundleOffers, getBundleOffer, offersOfCampaignBundles } from './bundles.service.js';
export type { BundleOffer, BundleOfferInput } from './bundles.service.js';
