/** The metrics module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { npsSubjects } from './schema.js';
export { answerNps, monthlyMeasures, npsMonthly, npsReport, pendingSurvey } from './service.js';
export { startSurveyRound, surveyResults } from './surveys.service.js';
export { SURVEY_LIMITS } from './surveys.service.js';
export { NPS_MIN_SAMPLE } from './nps.js';
