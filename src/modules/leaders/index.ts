/** The leaders module's public API: what other modules, workflows, queries and routes may use. */
export { activeEndorsement, endorsementsOfProduct, listEndorsements, recordTrial, requireActiveEndorsement, withdrawEndorsement } from './service.js';
