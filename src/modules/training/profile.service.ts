import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { leaderProfiles } from './schema.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { translate, type Locale } from '../../platform/i18n.js';
import { getCommunity, leadersOf, membershipOf, requireLeader, requireMember } from '../community/index.js';
import { listEndorsements } from '../leaders/index.js';
import { fileUrl, publicImage, recordUpload, stageUpload } from '../files/index.js';
import type { FileStorage } from '../../platform/files/storage.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import { certificatesOf } from './training.service.js';
import { honoursShownIn } from './honours.service.js';
import { ambassadorBadgesOf } from '../campaigns/index.js';

export const MISSION_MAX = 200;
const YEAR_MS = 365.25 * 86_400_000;

/**
 * How the leader is introduced: 「好邻生活圈的生活顾问-王叔」. Titles that already name the
 * community (the demo's 好邻生活圈的生活顾问) are not prefixed twice.
 */
export function displayTitle(communityName: string, title: string, name: string, locale: Locale): string {
  const t = title.trim() || translate(locale, 'leaderProfile.default_title');
  return t.startsWith(communityName)
    ? translate(locale, 'leaderProfile.display_title_own', { title: t, name })
    : translate(locale, 'leaderProfile.display_title', { community: communityName, title: t, name });
}

/** Years from a date to now, one decimal (0.5 = about six months). */
export const yearsSince = (from: Date, now: Date) => Math.max(0, Math.round(((now.getTime() - from.getTime()) / YEAR_MS) * 10) / 10);

/**
 * A leader's profile in one community, for its members and operators: title, mission, photo,
 * years in the community, endorsements he stands behind there, certificates and honours. It
 * never carries a phone number.
 */
export async function leaderProfile(db: Db, viewer: { id: string; isOperator: boolean }, communityId: string, leaderId: string, locale: Locale, now = new Date()) {
  await requireMember(db, communityId, viewer);
  const leader = (await leadersOf(db, communityId)).find((l) => l.userId === leaderId);
  if (!leader) throw notFound('leader_profile.not_found');
  const [community, membership, [profile], endorsements, certificates, honourList, ambassadorships] = await Promise.all([
    getCommunity(db, communityId),
    membershipOf(db, communityId, leaderId),
    db.select().from(leaderProfiles).where(and(eq(leaderProfiles.communityId, communityId), eq(leaderProfiles.userId, leaderId))),
    listEndorsements(db, communityId),
    certificatesOf(db, leaderId),
    honoursShownIn(db, leaderId, communityId, locale),
    ambassadorBadgesOf(db, leaderId),
  ]);
  const joinedAt = membership!.joinedAt;
  return {
    userId: leader.userId,
    communityId,
    communityName: community.name,
    name: leader.name,
    title: leader.title,
    displayTitle: displayTitle(community.name, leader.title, leader.name, locale),
    mission: profile?.mission ?? '',
    photoUrl: profile?.photoFileId ? fileUrl(profile.photoFileId) : null,
    joinedAt,
    yearsInCommunity: yearsSince(joinedAt, now),
    endorsements: endorsements.filter((e) => e.leaderId === leaderId && !e.withdrawnAt).length,
    certificates: certificates.map((c) => ({ courseTitle: c.courseTitle, code: c.code, completedAt: c.completedAt })),
    honours: honourList,
    /** Campaigns he is an approved ambassador of (「安心厨房计划 大使」). */
    ambassadorships: ambassadorships.map((a) => ({ campaignId: a.campaignId, slug: a.slug, name: locale === 'en' ? a.nameEn : a.nameZh, badge: locale === 'en' ? a.badgeEn : a.badgeZh })),
    updatedAt: profile?.updatedAt ?? null,
  };
}

export interface ProfileInput {
  mission?: string;
  photo?: { filename: string; bytes: Buffer } | null;
  /** Takes the photo off the profile (the file itself stays, like every upload). */
  removePhoto?: boolean;
}

/**
 * The leader edits his own profile in a community he leads: mission (≤ 200 characters) and a
 * photo (JPEG/PNG/WebP, public: residents see it). Fields left out stay as they were.
 */
export async function updateLeaderProfile(db: Db, storage: FileStorage, communityId: string, leaderId: string, input: ProfileInput, now = new Date()) {
  await requireLeader(db, communityId, leaderId);
  const mission = input.mission?.trim();
  if (mission !== undefined && mission.length > MISSION_MAX) throw badRequest('leader_profile.mission_too_long', { max: MISSION_MAX });
  const staged = input.photo ? await stageUpload(storage, await publicImage(input.photo.bytes), 'images') : null;
  await inTransaction(db, async (tx) => {
    const photo = staged && input.photo
      ? await recordUpload(tx, staged, { ownerId: leaderId, scope: `leader-profile:${communityId}`, originalName: input.photo.filename, visibility: 'public' })
      : null;
    const set = {
      ...(mission !== undefined ? { mission } : {}),
      ...(photo ? { photoFileId: photo.id } : input.removePhoto ? { photoFileId: null } : {}),
      updatedAt: now,
    };
    await tx.insert(leaderProfiles).values({ communityId, userId: leaderId, mission: mission ?? '', photoFileId: photo?.id ?? null, updatedAt: now })
      .onConflictDoUpdate({ target: [leaderProfiles.communityId, leaderProfiles.userId], set });
    await recordEvent(tx, {
      type: 'leader.profile_updated', communityId, actorId: leaderId, subjectId: leaderId,
      payload: { missionChanged: mission !== undefined, photoChanged: Boolean(photo) || Boolean(input.removePhoto) },
    });
  });
}
