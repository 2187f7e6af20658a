/** The leaders module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { activeEndorsement, endorsementsOfProduct, listEndorsements, recordTrial, requireActiveEndorsement, withdrawEndorsement } from './service.js';
export { TRIAL_LIMITS } from './service.js';
