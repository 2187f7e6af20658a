import type { components } from './api-types';

/** Campaign ambassador shapes, as the server declares them. */
export type AmbassadorPreview = components['schemas']['AmbassadorPreview'];
export type AmbassadorQueueItem = components['schemas']['AmbassadorQueueItem'];
export type AmbassadorSettingsCampaign = components['schemas']['AmbassadorSettingsCampaign'];
export type AmbassadorSettings = components['schemas']['AmbassadorSettings'];
export type AmbassadorFacts = components['schemas']['AmbassadorFacts'];
export type PublicAmbassador = components['schemas']['PublicAmbassador'];

export const ambassadorKeys = {
  all: ['ambassadors'] as const,
  queue: (status: string) => ['ambassadors', 'queue', status] as const,
  settings: () => ['ambassadors', 'settings'] as const,
  mine: (communityId: string) => ['ambassadors', 'mine', communityId] as const,
  public: (key: string) => ['ambassadors', 'public', key] as const,
};
