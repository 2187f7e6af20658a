/** The training module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { checkHonourFor, createHonour, evaluateHonours, evaluateHonoursDaily, grantHonour, leaderFactsOf, listGrants, listHonours, revokeGrant, updateHonour } from './honours.service.js';
export { leaderProfile, updateLeaderProfile } from './profile.service.js';
export { certificatesOf, courseForConsole, courseForLeader, createCourse, enrol, listCoursesForConsole, listPublishedCourses, publishCourse, saveCourseDraft, submitQuiz } from './training.service.js';
export { COURSE_LIMITS } from './training.service.js';
export { HONOUR_LIMITS } from './honours.service.js';
export { MISSION_MAX } from './profile.service.js';
