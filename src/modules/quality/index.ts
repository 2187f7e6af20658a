/** The quality module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { logisticsKinds } from './schema.js';
export { addInspection, addLogisticsEvent, batchDetail, createBatch, listBatches, requireSellableBatch, reviewBatch, traceability } from './service.js';
