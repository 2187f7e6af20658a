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
  }
}
export {};
