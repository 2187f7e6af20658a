/** The campaigns module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { ambassadorStatuses, campaignAmbassadors, campaignProducts, campaigns, campaignStandards, campaignStatuses } from './schema.js';
export {
  AMBASSADOR_FACT_NAMES, AMBASSADOR_LIMITS, ambassadorBadgesOf, ambassadorFactList, ambassadorSettingsView, applicationsOf, applyAsAmbassador, checkAmbassadorRule,
  decideAmbassador, explainEligibility, firstLaunchEndsAt, getApplication, listApplications, publicAmbassadors, readAmbassadorRule, requireFirstLaunchRight,
  revokeAmbassador, saveAmbassadorSettings, campaignsForAmbassadorSettings, campaignsTakingAmbassadors,
} from './ambassadors.service.js';
export type { AmbassadorApplication, AmbassadorFacts } from './ambassadors.service.js';
export {
  campaignBadges, campaignBySlug, campaignRunning, createCampaign, enrolledProductIds, enrollProduct, getCampaign, missingStandards,
  provingProductIds, publishCampaign, requiredStandardIds, validateCampaign,
} from './service.js';
export type { Campaign, CampaignInput } from './service.js';
