import { z } from 'zod';
import { instant } from './api-schemas.js';

/** Response shapes of the community routes (the OpenAPI description's named schemas). */

const role = z.enum(['resident', 'leader']);

export const communityLeader = z.object({ userId: z.uuid(), name: z.string(), title: z.string() }).meta({ id: 'CommunityLeader' });

/** A community's public facts: its place and its pickup point. */
const place = {
  id: z.uuid(),
  name: z.string(),
  address: z.string(),
  timeZone: z.string(),
  pickupPointName: z.string(),
  pickupPointAddress: z.string(),
  pickupHours: z.string(),
};

/** What a newcomer receives on joining; the file is read through its URL once she is a member. */
export const welcomeGift = z.object({
  title: z.string(),
  description: z.string(),
  couponCode: z.string().nullable(),
  fileUrl: z.string().nullable(),
}).meta({ id: 'WelcomeGift' });

/** A community as the operator creates and edits it (the gift's file stays internal). */
export const communityRecord = z.object({
  ...place,
  notCollectedGraceDays: z.number().int(),
  inviteCode: z.string(),
  createdAt: instant,
}).meta({ id: 'CommunityRecord' });

/** One of her communities, with her role there (GET /api/me, GET /api/communities for members). */
export const myCommunity = z.object({ ...place, role, title: z.string() }).meta({ id: 'MyCommunity' });

/** A community in the operators' list: invite code, members, leaders. */
export const consoleCommunity = z.object({
  ...place,
  inviteCode: z.string(),
  createdAt: instant,
  memberCount: z.number().int(),
  leaders: z.array(communityLeader),
}).meta({ id: 'ConsoleCommunity' });

/** GET /api/communities/:id: the invite code only for its leaders and operators. */
export const community = z.object({
  ...place,
  notCollectedGraceDays: z.number().int(),
  createdAt: instant,
  welcomeGift: welcomeGift.nullable(),
  inviteCode: z.string().optional(),
  leaders: z.array(communityLeader),
  myRole: role.nullable(),
}).meta({ id: 'Community' });

/** A member as leaders and operators see her: a masked phone, a level and tags, never a score. */
export const communityMember = z.object({
  userId: z.uuid(),
  name: z.string(),
  role,
  joinedAt: instant,
  phoneMasked: z.string(),
  level: z.enum(['A', 'B', 'C', 'D']),
  tags: z.array(z.string()),
}).meta({ id: 'CommunityMember' });

export const invite = z.object({ url: z.string(), inviteCode: z.string(), qrDataUrl: z.string() }).meta({ id: 'Invite' });

/** The public preview of an invitation: the gift is named, its file and coupon come after joining. */
export const invitePreview = z.object({
  id: z.uuid(),
  name: z.string(),
  address: z.string(),
  pickupPointName: z.string(),
  pickupPointAddress: z.string(),
  pickupHours: z.string(),
  leaders: z.array(communityLeader),
  memberCount: z.number().int(),
  welcomeGift: z.object({ title: z.string(), description: z.string() }).nullable(),
}).meta({ id: 'InvitePreview' });

export const joined = z.object({ communityId: z.uuid(), joined: z.boolean(), welcomeGift: welcomeGift.nullable() }).meta({ id: 'Joined' });

export const welcomeGiftAnswer = z.object({ welcomeGift: welcomeGift.nullable() });
