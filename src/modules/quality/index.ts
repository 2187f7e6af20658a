/** The quality module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { logisticsKinds, standards } from './schema.js';
export { addInspection, addLogisticsEvent, batchDetail, createBatch, listBatches, requireSellableBatch, reviewBatch, traceability } from './service.js';
export {
  addCertificate, createStandard, listCertificates, listStandards, getStandard, reviewHistory, reviewQueue, reviewStandard,
  standardStatuses, standardsProvenBy, supplierStandards, updateStandard,
} from './standards.service.js';
export type { CriterionInput, StandardInput, ValueInput, StandardStatus } from './standards.service.js';
export { analytes, analyteKeys, certificateTypes, certificateTypeKeys, proofMethods, traceSteps, unprovedReasons } from './standards.vocabulary.js';
export type { Criterion, CriterionProof, ProofSnapshot } from './standards.vocabulary.js';
