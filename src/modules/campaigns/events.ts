/** The events of campaigns. */
declare module '../../platform/events/service.js' {
  interface EventPayloads {
    'campaign.created': { slug: string; nameZh: string };
    'campaign.published': { slug: string };
    'campaign.product_enrolled': { campaignId: string; productId: string };
    'campaign.updated': { slug: string; addedStandards: string[]; removedStandards: string[] };
    'campaign.closed': { slug: string };
    'campaign.product_withdrawn': { campaignId: string; productId: string; reason: string };
    'campaign.bundle_defined': { campaignId: string; bundleId: string; priceFen: number; productIds: string[] };
    'campaign.ambassador_settings_changed': { rule: string; courseId: string | null; firstLaunchDays: number };
    'campaign.ambassador_applied': { applicationId: string; leaderId: string };
    'campaign.ambassador_approved': { applicationId: string; leaderId: string; reason: string };
    'campaign.ambassador_rejected': { applicationId: string; leaderId: string; reason: string };
    'campaign.ambassador_revoked': { applicationId: string; leaderId: string; reason: string };
  }
}
export {};
