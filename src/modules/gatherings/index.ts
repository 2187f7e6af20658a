/** The gatherings module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { gatheringKinds } from './schema.js';
export { addAftermath, attendees, cancelGathering, cancelSignup, checkIn, createGathering, getGathering, listGatherings, sendEventReminders, signUp } from './service.js';
export { EVENT_LIMITS } from './service.js';
