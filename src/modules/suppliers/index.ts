/** The suppliers module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { documentKinds, supplierMembers, supplierReviews, supplierStatuses, suppliers } from './schema.js';
export { addDocument, applyForAdmission, createSupplierProduct, decide, deleteDocument, isSupplierMember, listSupplierProducts, listSuppliers, listSuppliersOfUser, requireSupplierMaySell, submitApplication, supplierDetail, updateApplication, updateSupplierProduct } from './service.js';
export type { DocumentKind } from './service.js';
