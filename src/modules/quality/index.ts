/** The quality module's public API: what other modules, workflows, queries and routes may use. */
export { logisticsKinds } from './schema.js';
export { addInspection, addLogisticsEvent, batchDetail, createBatch, listBatches, requireSellableBatch, reviewBatch, traceability } from './service.js';
