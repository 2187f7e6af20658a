import { z } from 'zod';
import { instant, itemsOf } from './api-schemas.js';
import { gatheringKinds } from '../modules/gatherings/index.js';

/** Response shapes of the community events routes, as the service returns them. */

/** A community event as its viewer sees it. */
/** What was seen at an event, added after it ended. */
export const gatheringReplay = z.object({
  id: z.uuid(),
  videoUrl: z.string().nullable(),
  /** Public photo URLs. */
  photos: z.array(z.string()),
  summary: z.string(),
  createdAt: instant,
}).meta({ id: 'GatheringReplay' });

export const gathering = z.object({
  id: z.uuid(),
  /** Null for an operator's platform-wide source livestream. */
  communityId: z.uuid().nullable(),
  kind: z.enum(gatheringKinds),
  title: z.string(),
  description: z.string(),
  startsAt: instant,
  endsAt: instant,
  place: z.string(),
  capacity: z.int(),
  confirmed: z.int(),
  waitlisted: z.int(),
  spotsLeft: z.int(),
  streamUrl: z.string().nullable(),
  replayUrl: z.string().nullable(),
  /** Photo URLs added after the event. */
  photos: z.array(z.string()),
  cancelled: z.boolean(),
  state: z.enum(['cancelled', 'ended', 'running', 'upcoming']),
  organizer: z.object({ userId: z.uuid(), name: z.string(), title: z.string() }).nullable(),
  cancelReason: z.string().nullable(),
  /** The viewer's own sign-up; null when she has none. */
  mySignup: z.object({
    status: z.enum(['confirmed', 'waitlisted']),
    waitlistPosition: z.int().nullable(),
    checkedInAt: instant.nullable(),
  }).nullable(),
  /** The check-in QR's token: the leader's only, null for others. */
  checkInToken: z.string().nullable(),
  platformWide: z.boolean(),
  /** The campaign this source visit belongs to (溯源之旅), or null. */
  campaign: z.object({ id: z.uuid(), slug: z.string(), nameZh: z.string(), nameEn: z.string(), published: z.boolean() }).nullable(),
  /** What the visit goes to: the enrolled product and/or its supplier. */
  visits: z.object({ productId: z.uuid().nullable(), productName: z.string().nullable(), supplierId: z.uuid().nullable(), supplierName: z.string().nullable() }).nullable(),
  replays: z.array(gatheringReplay),
  /** The viewer may add replays and cancel (the community's leader, or an operator). */
  canManage: z.boolean(),
}).meta({ id: 'Gathering' });

/** A campaign's source visit as its public page shows it. */
export const campaignVisit = z.object({
  id: z.uuid(),
  kind: z.enum(gatheringKinds),
  title: z.string(),
  description: z.string(),
  startsAt: instant,
  endsAt: instant,
  state: z.enum(['ended', 'running', 'upcoming']),
  platformWide: z.boolean(),
  communityName: z.string().nullable(),
  /** Where and how to join: only for who may open the event. */
  place: z.string().nullable(),
  streamUrl: z.string().nullable(),
  canOpen: z.boolean(),
  productName: z.string().nullable(),
  supplierName: z.string().nullable(),
  spotsLeft: z.int(),
  replays: z.array(gatheringReplay),
}).meta({ id: 'CampaignVisit' });

export const campaignVisitPage = z.object({
  campaign: z.object({ slug: z.string(), nameZh: z.string(), nameEn: z.string() }),
  items: z.array(campaignVisit),
  total: z.int(),
  page: z.int(),
  pageSize: z.int(),
}).meta({ id: 'CampaignVisitPage' });

/** Campaigns a visit may be linked to, with their enrolled products and suppliers. */
export const visitOptions = itemsOf(z.object({
  id: z.uuid(),
  slug: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  status: z.enum(['draft', 'published']),
  products: z.array(z.object({ id: z.uuid(), name: z.string(), supplierId: z.uuid().nullable() })),
  suppliers: z.array(z.object({ id: z.uuid(), name: z.string() })),
}).meta({ id: 'VisitOption' }));

/** Who comes: names and status, never phone numbers. */
export const gatheringAttendee = z.object({
  userId: z.uuid(),
  name: z.string(),
  status: z.enum(['confirmed', 'waitlisted', 'cancelled']),
  signedUpAt: instant,
  checkedInAt: instant.nullable(),
}).meta({ id: 'GatheringAttendee' });

export const gatheringList = itemsOf(gathering);
export const attendeeList = itemsOf(gatheringAttendee);
