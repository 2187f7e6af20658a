import type { gatheringKinds } from './schema.js';

type GatheringKind = (typeof gatheringKinds)[number];

/** The events the gatherings module records (社区活动: "event.*" for historical reasons). */
declare module '../../platform/events/service.js' {
  interface EventPayloads {
    'event.created': { kind: GatheringKind; capacity: number; startsAt: string };
    'event.signed_up': { status: 'confirmed' | 'waitlisted' };
    'event.checked_in': { kind: GatheringKind };
  }
}
