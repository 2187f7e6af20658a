/** The trust module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { createInvitation, myInvitations, respond, sendBirthdayGifts } from './cocreate.service.js';
export { nps } from './formulas.js';
export { currentCommission, currentCommissionRate, hasFirstLaunchRights, latestLeaderReadings, leaderIndexHistory, recomputeDueLeaderIndexes, recordLeaderReading, upheldComplaintCount } from './leader-index.service.js';
export { recomputeAllResidents } from './recompute.service.js';
export { residentEvidence, tagRules } from './schema.js';
export { importEvidence, ingestTrustEvents, levelsOf, myTrust, residentScores } from './service.js';
export { saveTierSettings, tierSettings } from './settings.service.js';
export { DEFAULT_TAG_RULES, RESIDENT_FACTS, createTagRule, listTagRules, tagsOf, updateTagRule } from './tags.service.js';
