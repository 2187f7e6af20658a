/** The gatherings module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { gatheringKinds } from './schema.js';
export { addReplay, campaignVisits, REPLAY_LIMITS, visitOptions, VISITS_PAGE_SIZE } from './visits.service.js';
export type { VisitLink } from './visit-link.js';
export { addAftermath, attendees, cancelGathering, cancelSignup, checkIn, createGathering, createPlatformVisit, getGathering, listGatherings, sendEventReminders, signUp } from './service.js';
export { EVENT_LIMITS } from './service.js';
