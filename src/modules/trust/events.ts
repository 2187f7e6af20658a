import type { TierSettings } from './tiers.js';

/** The events the trust module records. */
declare module '../../platform/events/service.js' {
  interface EventPayloads {
    'cocreate.responded': { accepted: boolean };
    'trust.settings_changed': { key: string; settings: TierSettings };
    'leader.tier_changed': { tier: string; reason: string; index: number; commissionRate: number };
  }
}
