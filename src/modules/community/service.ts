import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { communities, memberships, pickupPoints } from './schema.js';
import { firstPickupPoint, insertPickupPoint, validHours } from './pickup-points.service.js';
import { users } from '../identity/index.js';
import { badRequest, forbidden, notFound } from '../../platform/errors.js';
import { isValidTimeZone } from '../../platform/time.js';
import { findOrCreateUser, nameIfUnnamed, normalizePhone } from '../identity/index.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import { notify } from '../notifications/index.js';
import { fileUrl, recordUpload, stageUpload } from '../files/index.js';
import type { FileStorage } from '../../platform/files/storage.js';
import { checkDisplayName, checkDoorNumber } from './member-rules.js';

/** A community with its first open pickup point (name, address, hours), read from pickup_points. */
export type Community = typeof communities.$inferSelect & { pickupPointId: string; pickupPointName: string; pickupPointAddress: string; pickupHours: string };
export type Role = 'resident' | 'leader';

/** The welcome gift's name and description, in characters. */
export const WELCOME_GIFT_LIMITS = { titleMin: 2, titleMax: 40, description: 300 } as const;

export interface CommunityInput {
  name: string;
  address: string;
  timeZone: string;
  pickupPointName: string;
  pickupPointAddress: string;
  pickupHours: string;
}

function validate(input: Partial<CommunityInput>) {
  if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) throw badRequest('community.timezone_invalid', { timeZone: input.timeZone });
  if (input.pickupHours !== undefined && !validHours(input.pickupHours)) throw badRequest('community.hours_invalid');
}

const newInviteCode = () => randomBytes(6).toString('base64url');

export async function createCommunity(db: Db, input: CommunityInput): Promise<Community> {
  validate(input);
  const { pickupPointName, pickupPointAddress, pickupHours, ...own } = input;
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(communities).values({ ...own, inviteCode: newInviteCode() }).returning();
    // Every community starts with its first pickup point; leaders may add more.
    const p = await insertPickupPoint(tx, row.id, { name: pickupPointName, address: pickupPointAddress, hours: pickupHours });
    return { ...row, pickupPointId: p.id, pickupPointName: p.name, pickupPointAddress: p.address, pickupHours: p.hours };
  });
}

/** Edits the community; pickup point fields edit its first open point (the others have their own page). */
export async function updateCommunity(db: Db, id: string, input: Partial<CommunityInput>): Promise<Community> {
  validate(input);
  const { pickupPointName, pickupPointAddress, pickupHours, ...own } = input;
  await db.transaction(async (tx) => {
    if (Object.values(own).some((v) => v !== undefined)) {
      const [row] = await tx.update(communities).set(own).where(eq(communities.id, id)).returning();
      if (!row) throw notFound('community.not_found');
    }
    const point = { name: pickupPointName, address: pickupPointAddress, hours: pickupHours };
    if (Object.values(point).some((v) => v !== undefined)) {
      const first = await firstPickupPoint(tx, id);
      await tx.update(pickupPoints).set(Object.fromEntries(Object.entries(point).filter(([, v]) => v !== undefined))).where(eq(pickupPoints.id, first.id));
    }
  });
  return getCommunity(db, id);
}

/** The community's first open point as flat fields (what screens showed as "the" pickup point). */
const firstPoint = {
  pickupPointId: sql<string>`(select pp.id from pickup_points pp where pp.community_id = communities.id order by (pp.closed_at is not null), pp.position, pp.created_at, pp.id limit 1)`,
  pickupPointName: sql<string>`(select pp.name from pickup_points pp where pp.community_id = communities.id order by (pp.closed_at is not null), pp.position, pp.created_at, pp.id limit 1)`,
  pickupPointAddress: sql<string>`(select pp.address from pickup_points pp where pp.community_id = communities.id order by (pp.closed_at is not null), pp.position, pp.created_at, pp.id limit 1)`,
  pickupHours: sql<string>`(select pp.hours from pickup_points pp where pp.community_id = communities.id order by (pp.closed_at is not null), pp.position, pp.created_at, pp.id limit 1)`,
};

export async function getCommunity(db: DbOrTx, id: string): Promise<Community> {
  const [row] = await db.select({ ...getTableColumns(communities), ...firstPoint }).from(communities).where(eq(communities.id, id));
  if (!row) throw notFound('community.not_found');
  return row;
}

export async function listAllCommunities(db: Db) {
  return db.select({
    id: communities.id, name: communities.name, address: communities.address, timeZone: communities.timeZone,
    pickupPointName: firstPoint.pickupPointName, pickupPointAddress: firstPoint.pickupPointAddress,
    pickupHours: firstPoint.pickupHours, inviteCode: communities.inviteCode, createdAt: communities.createdAt,
    memberCount: sql<number>`(select count(*)::int from memberships m where m.community_id = communities.id)`,
    leaders: sql<{ userId: string; name: string; title: string }[]>`coalesce((select json_agg(json_build_object('userId', u.id, 'name', u.name, 'title', m.title)) from memberships m join users u on u.id = m.user_id where m.community_id = communities.id and m.role = 'leader'), '[]'::json)`,
  }).from(communities).orderBy(asc(communities.createdAt));
}

export async function listMyCommunities(db: Db, userId: string) {
  return db.select({
    id: communities.id, name: communities.name, address: communities.address, timeZone: communities.timeZone,
    pickupPointName: firstPoint.pickupPointName, pickupPointAddress: firstPoint.pickupPointAddress,
    pickupHours: firstPoint.pickupHours, role: memberships.role, title: memberships.title,
  }).from(memberships).innerJoin(communities, eq(communities.id, memberships.communityId))
    .where(eq(memberships.userId, userId)).orderBy(asc(memberships.joinedAt));
}

export async function membershipOf(db: DbOrTx, communityId: string, userId: string) {
  const [m] = await db.select().from(memberships)
    .where(and(eq(memberships.communityId, communityId), eq(memberships.userId, userId)));
  return m ?? null;
}

/** Throws unless the user belongs to the community (operators may look at any). */
export async function requireMember(db: DbOrTx, communityId: string, user: { id: string; isOperator: boolean }) {
  const m = await membershipOf(db, communityId, user.id);
  if (!m && !user.isOperator) {
    await getCommunity(db, communityId); // 404 for a community that does not exist
    throw forbidden('community.not_member');
  }
  return m;
}

/** Throws unless the user leads this community. */
export async function requireLeader(db: DbOrTx, communityId: string, userId: string) {
  const m = await membershipOf(db, communityId, userId);
  if (!m || m.role !== 'leader') {
    await getCommunity(db, communityId);
    throw forbidden();
  }
  return m;
}

/** Operator appoints a leader by phone; the user is created if they have never logged in. */
export async function appointLeader(db: Db, communityId: string, input: { phone: string; name: string; title: string }, actorId: string) {
  await getCommunity(db, communityId);
  const phone = normalizePhone(input.phone);
  return inTransaction(db, async (tx) => {
    const user = await findOrCreateUser(tx, phone, input.name);
    if (input.name) await nameIfUnnamed(tx, user.id, input.name);
    await tx.insert(memberships).values({ communityId, userId: user.id, role: 'leader', title: input.title, displayName: accountName(input.name) })
      .onConflictDoUpdate({ target: [memberships.communityId, memberships.userId], set: { role: 'leader', title: input.title } });
    await recordEvent(tx, { type: 'leader.appointed', communityId, actorId, subjectId: user.id, payload: { title: input.title } });
    return { userId: user.id };
  });
}

export async function communityByInvite(db: Db, inviteCode: string) {
  const [c] = await db.select({ ...getTableColumns(communities), ...firstPoint }).from(communities).where(eq(communities.inviteCode, inviteCode));
  if (!c) throw notFound('community.invite_invalid');
  const leaders = await leadersOf(db, c.id);
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(memberships).where(eq(memberships.communityId, c.id));
  return { community: c, leaders, memberCount: count };
}

export async function leadersOf(db: DbOrTx, communityId: string) {
  return db.select({ userId: users.id, name: users.name, title: memberships.title })
    .from(memberships).innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.communityId, communityId), eq(memberships.role, 'leader')));
}

/** The account's name as a default name here, when it passes the same rules. */
function accountName(name: string | null | undefined): string {
  try { return name?.trim() ? checkDisplayName(name) : ''; } catch { return ''; }
}

/**
 * Joining is idempotent: a member who follows the link again just lands in the community.
 * A newcomer gives the name she goes by here (her account's name when she gives none) and,
 * if she likes, her 门牌 for the leaders.
 */
export async function joinByInvite(db: Db, inviteCode: string, userId: string, invitedBy?: string, profile: { displayName?: string; doorNumber?: string | null } = {}) {
  const { community } = await communityByInvite(db, inviteCode);
  const given = profile.displayName !== undefined ? checkDisplayName(profile.displayName) : undefined;
  const doorNumber = checkDoorNumber(profile.doorNumber);
  // Links get edited or forged: only a member of this community counts as the inviter.
  const inviter = invitedBy && invitedBy !== userId ? await membershipOf(db, community.id, invitedBy) : null;
  invitedBy = inviter ? invitedBy : undefined;
  const already = await membershipOf(db, community.id, userId);
  let displayName = given ?? '';
  if (!already && !displayName) {
    const [u] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
    displayName = accountName(u?.name);
    if (!displayName) throw badRequest('member.display_name_required');
  }
  return inTransaction(db, async (tx) => {
    const inserted = await tx.insert(memberships).values({ communityId: community.id, userId, role: 'resident', invitedBy: invitedBy ?? null, displayName, doorNumber })
      .onConflictDoNothing().returning({ userId: memberships.userId });
    if (inserted.length > 0) {
      await recordEvent(tx, { type: 'member.joined', communityId: community.id, actorId: userId, subjectId: userId, payload: { invitedBy: invitedBy ?? null } });
      // The referral is what the ledger will reward once the newcomer has really bought (TRUST.md §7).
      if (invitedBy) await recordEvent(tx, { type: 'referral.joined', communityId: community.id, actorId: invitedBy, subjectId: userId, payload: { inviterId: invitedBy, newcomerId: userId } });
      if (community.welcomeGift) {
        await notify(tx, [{ userId, communityId: community.id, kind: 'welcome_gift', params: { community: community.name, gift: community.welcomeGift.title }, link: `/c/${community.id}/welcome` }]);
      }
    }
    return { communityId: community.id, joined: inserted.length > 0, welcomeGift: welcomeGiftView(community) };
  });
}

export async function regenerateInvite(db: Db, communityId: string) {
  const [row] = await db.update(communities).set({ inviteCode: newInviteCode() }).where(eq(communities.id, communityId)).returning();
  if (!row) throw notFound('community.not_found');
  return row.inviteCode;
}

export async function listMembers(db: Db, communityId: string) {
  return db.select({ userId: users.id, name: sql<string>`coalesce(nullif(${memberships.displayName}, ''), ${users.name})`, phone: users.phone, role: memberships.role, joinedAt: memberships.joinedAt })
    .from(memberships).innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.communityId, communityId)).orderBy(asc(memberships.joinedAt));
}

/** Ids of everyone in a community (notices to all members). */
export async function memberIds(db: DbOrTx, communityId: string): Promise<string[]> {
  return (await db.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.communityId, communityId))).map((m) => m.userId);
}

export interface WelcomeGiftInput { title: string; description: string; couponCode?: string | null; file?: { filename: string; bytes: Buffer } | null }

/** What a newcomer receives, with the file's address when there is one. */
export function welcomeGiftView(c: Pick<Community, 'welcomeGift'>) {
  const g = c.welcomeGift;
  return g ? { title: g.title, description: g.description, couponCode: g.couponCode, fileUrl: g.fileId ? fileUrl(g.fileId) : null } : null;
}

/**
 * The leader (or an operator) sets the community's welcome gift: a handbook PDF, a coupon code,
 * or both. `null` removes it.
 */
export async function setWelcomeGift(db: Db, storage: FileStorage, actor: { id: string; isOperator: boolean }, communityId: string, input: WelcomeGiftInput | null) {
  if (!actor.isOperator) await requireLeader(db, communityId, actor.id);
  const c = await getCommunity(db, communityId);
  if (input === null) {
    const [row] = await db.update(communities).set({ welcomeGift: null }).where(eq(communities.id, communityId)).returning();
    return welcomeGiftView(row);
  }
  const title = input.title.trim();
  const description = input.description.trim();
  const couponCode = input.couponCode?.trim() || null;
  if (title.length < WELCOME_GIFT_LIMITS.titleMin || title.length > WELCOME_GIFT_LIMITS.titleMax) throw badRequest('welcome.title_length');
  if (description.length > WELCOME_GIFT_LIMITS.description) throw badRequest('welcome.description_length');
  if (couponCode && !/^[A-Za-z0-9-]{4,32}$/.test(couponCode)) throw badRequest('welcome.coupon_invalid');
  if (!couponCode && !input.file && !c.welcomeGift?.fileId) throw badRequest('welcome.gift_empty');
  const fileId = input.file
    ? (await recordUpload(db, await stageUpload(storage, input.file.bytes, 'documents'), { ownerId: actor.id, scope: `community:${communityId}`, originalName: input.file.filename })).id
    : c.welcomeGift?.fileId ?? null;
  const [row] = await db.update(communities).set({ welcomeGift: { title, description, couponCode, fileId } }).where(eq(communities.id, communityId)).returning();
  return welcomeGiftView(row);
}

/** Keeps when someone really joined a neighbourhood that came to Linli later (imported history). */
export async function importJoinedAt(db: DbOrTx, communityId: string, userId: string, joinedAt: Date): Promise<void> {
  await db.update(memberships).set({ joinedAt }).where(and(eq(memberships.communityId, communityId), eq(memberships.userId, userId)));
}
