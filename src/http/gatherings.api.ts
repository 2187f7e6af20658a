import { z } from 'zod';
import { instant, itemsOf } from './api-schemas.js';
import { gatheringKinds } from '../modules/gatherings/index.js';

/** Response shapes of the community events routes, as the service returns them. */

/** A community event as its viewer sees it. */
export const gathering = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
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
}).meta({ id: 'Gathering' });

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
