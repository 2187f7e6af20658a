import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { Db, DbOrTx, Tx } from '../../platform/db/client.js';
import { gatherings, gatheringReplays, gatheringSignups, gatheringKinds } from './schema.js';
import { checkVisitLink, visitLabels, type VisitLink } from './visit-link.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import * as community from '../community/index.js';
import * as files from '../files/index.js';
import { notify } from '../notifications/index.js';
import { displayNames } from '../identity/index.js';
import type { Locale } from '../../platform/i18n.js';
import { DEFAULT_TIME_ZONE, formatInZone } from '../../platform/time.js';
import type { FileStorage } from '../../platform/files/storage.js';

export type Gathering = typeof gatherings.$inferSelect;
export type GatheringState = 'upcoming' | 'running' | 'ended' | 'cancelled';
type Viewer = { id: string; isOperator: boolean };

const HOUR = 3_600_000;
/** Reminders go out this long before the start; check-in opens this long before it. */
const REMINDER_BEFORE_MS = 2 * HOUR;
const CHECK_IN_EARLY_MS = 2 * HOUR;
/** Events are announced at most a year ahead (a far date is a typo, and beyond what the database stores). */
const MAX_AHEAD_MS = 366 * 24 * HOUR;
/** An event's title and description in characters, and the photos added after it. */
export const EVENT_LIMITS = { titleMin: 2, titleMax: 40, descriptionMin: 2, descriptionMax: 2000, photos: 30 } as const;

export interface GatheringInput {
  kind: (typeof gatheringKinds)[number];
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  place?: string;
  capacity: number;
  streamUrl?: string | null;
  /** Makes it a source visit of a campaign (溯源之旅). */
  visit?: VisitLink | null;
}

/** A platform-wide event has no community: its times are read in the platform's zone. */
async function timeZoneOf(db: DbOrTx, communityId: string | null) {
  return communityId ? (await community.getCommunity(db, communityId)).timeZone : DEFAULT_TIME_ZONE;
}

const httpUrl = (u: string | null | undefined) => !u || /^https?:\/\/[^\s]{3,500}$/.test(u);

function checkInput(input: GatheringInput, now: Date) {
  const title = input.title.trim();
  const description = input.description.trim();
  if (title.length < EVENT_LIMITS.titleMin || title.length > EVENT_LIMITS.titleMax) throw badRequest('gathering.title_length');
  if (description.length < EVENT_LIMITS.descriptionMin || description.length > EVENT_LIMITS.descriptionMax) throw badRequest('gathering.description_length');
  if (input.startsAt <= now) throw badRequest('gathering.starts_in_past');
  if (input.startsAt.getTime() > now.getTime() + MAX_AHEAD_MS) throw badRequest('gathering.starts_too_far');
  if (input.endsAt <= input.startsAt || input.endsAt.getTime() - input.startsAt.getTime() > 7 * 24 * HOUR) throw badRequest('gathering.ends_invalid');
  if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 10_000) throw badRequest('gathering.capacity_invalid');
  const place = (input.place ?? '').trim();
  if ((input.kind === 'offline' || input.kind === 'welfare') && place.length < 2) throw badRequest('gathering.place_required');
  if (!httpUrl(input.streamUrl)) throw badRequest('gathering.url_invalid');
  if (input.kind === 'livestream' && !input.streamUrl) throw badRequest('gathering.stream_required');
  return { title, description, place };
}

/** The leader announces an event for his community. */
export async function createGathering(db: Db, leaderId: string, communityId: string, input: GatheringInput, now = new Date()) {
  await community.requireLeader(db, communityId, leaderId);
  const { title, description, place } = checkInput(input, now);
  const link = input.visit ? await checkVisitLink(db, input.visit, false) : null;
  return insertGathering(db, leaderId, communityId, input, { title, description, place }, link, now);
}

/**
 * An operator's platform-wide source-visit livestream: no community, so a resident of any
 * community may watch and sign up for its reminder. It must be a livestream linked to a campaign.
 */
export async function createPlatformVisit(db: Db, viewer: Viewer, input: GatheringInput, now = new Date()) {
  if (!viewer.isOperator) throw forbidden('visit.operator_only');
  const { title, description, place } = checkInput(input, now);
  if (input.kind !== 'livestream') throw badRequest('visit.platform_livestream_only');
  if (!input.visit) throw badRequest('visit.campaign_required');
  const link = await checkVisitLink(db, input.visit, true);
  return insertGathering(db, viewer.id, null, input, { title, description, place }, link, now);
}

async function insertGathering(db: Db, organizerId: string, communityId: string | null, input: GatheringInput, text: { title: string; description: string; place: string },
  link: Awaited<ReturnType<typeof checkVisitLink>> | null, now: Date) {
  return inTransaction(db, async (tx) => {
    const [g] = await tx.insert(gatherings).values({
      communityId, organizerId, kind: input.kind, ...text, startsAt: input.startsAt, endsAt: input.endsAt,
      capacity: input.capacity, streamUrl: input.streamUrl ?? null, checkInToken: randomBytes(12).toString('base64url'), createdAt: now,
      ...(link ?? {}),
    }).returning();
    await recordEvent(tx, { type: 'event.created', communityId, actorId: organizerId, subjectId: g.id, payload: { kind: g.kind, capacity: g.capacity, startsAt: g.startsAt.toISOString() } });
    return g;
  });
}

/**
 * Members see their community's events (operators any): another community's is not found. A
 * platform-wide livestream is seen by everyone; a resident of any community may sign up, and
 * operators run it (the leader's rights).
 */
export async function visibleGathering(db: DbOrTx, viewer: Viewer, id: string) {
  const [g] = await db.select().from(gatherings).where(eq(gatherings.id, id));
  if (!g) throw notFound('gathering.not_found');
  if (g.communityId === null) {
    const [anyMembership] = await db.select({ id: community.memberships.communityId }).from(community.memberships).where(eq(community.memberships.userId, viewer.id)).limit(1);
    return { gathering: g, leader: viewer.isOperator, member: Boolean(anyMembership) };
  }
  const m = await community.membershipOf(db, g.communityId, viewer.id);
  if (!m && !viewer.isOperator) throw notFound('gathering.not_found');
  return { gathering: g, leader: m?.role === 'leader', member: Boolean(m) };
}

async function view(db: DbOrTx, g: Gathering, viewer: Viewer, leader: boolean, now: Date) {
  const [mine] = await db.select().from(gatheringSignups).where(and(eq(gatheringSignups.gatheringId, g.id), eq(gatheringSignups.userId, viewer.id)));
  const [{ waitlisted }] = await db.select({ waitlisted: sql<number>`count(*)::int` }).from(gatheringSignups).where(and(eq(gatheringSignups.gatheringId, g.id), eq(gatheringSignups.status, 'waitlisted')));
  let position: number | null = null;
  if (mine?.status === 'waitlisted') {
    const [{ ahead }] = await db.select({ ahead: sql<number>`count(*)::int` }).from(gatheringSignups)
      .where(and(eq(gatheringSignups.gatheringId, g.id), eq(gatheringSignups.status, 'waitlisted'), sql`${gatheringSignups.signedUpAt} < ${mine.signedUpAt}`));
    position = ahead + 1;
  }
  const state: GatheringState = g.cancelledAt ? 'cancelled' : now > g.endsAt ? 'ended' : now >= g.startsAt ? 'running' : 'upcoming';
  const [organizer] = g.communityId ? await community.leadersOf(db, g.communityId).then((ls) => ls.filter((l) => l.userId === g.organizerId)) : [];
  const labels = await visitLabels(db, [g]);
  const c = labels.campaign(g.campaignId);
  const product = labels.product(g.visitProductId);
  const supplier = labels.supplier(g.visitSupplierId);
  return {
    id: g.id, communityId: g.communityId, kind: g.kind, title: g.title, description: g.description, startsAt: g.startsAt, endsAt: g.endsAt,
    place: g.place, capacity: g.capacity, confirmed: g.confirmedCount, waitlisted, spotsLeft: Math.max(0, g.capacity - g.confirmedCount),
    streamUrl: g.streamUrl, replayUrl: g.replayUrl, photos: g.photoFileIds.map(files.fileUrl), cancelled: g.cancelledAt !== null,
    state,
    organizer: organizer ? { userId: organizer.userId, name: organizer.name, title: organizer.title } : null,
    cancelReason: g.cancelReason,
    mySignup: mine && mine.status !== 'cancelled' ? { status: mine.status, waitlistPosition: position, checkedInAt: mine.checkedInAt } : null,
    // The check-in QR is the leader's to show at the venue.
    checkInToken: leader ? g.checkInToken : null,
    platformWide: g.communityId === null,
    campaign: c ? { id: c.id, slug: c.slug, nameZh: c.nameZh, nameEn: c.nameEn, published: c.status !== 'draft' } : null,
    visits: g.campaignId ? { productId: product?.id ?? null, productName: product?.name ?? null, supplierId: supplier?.id ?? null, supplierName: supplier?.name ?? null } : null,
    replays: await replaysOf(db, [g.id]).then((m) => m.get(g.id) ?? []),
    /** Whether the viewer may add replays and cancel: the community's leader, or an operator. */
    canManage: leader || viewer.isOperator,
  };
}

export type ReplayView = { id: string; videoUrl: string | null; photos: string[]; summary: string; createdAt: Date };

/** Replays of these events, oldest first. */
export async function replaysOf(db: DbOrTx, gatheringIds: string[]) {
  const out = new Map<string, ReplayView[]>();
  if (!gatheringIds.length) return out;
  const rows = await db.select().from(gatheringReplays).where(inArray(gatheringReplays.gatheringId, gatheringIds)).orderBy(asc(gatheringReplays.createdAt), asc(gatheringReplays.id));
  for (const r of rows) {
    const list = out.get(r.gatheringId) ?? [];
    list.push({ id: r.id, videoUrl: r.videoUrl, photos: r.photoFileIds.map(files.fileUrl), summary: r.summary, createdAt: r.createdAt });
    out.set(r.gatheringId, list);
  }
  return out;
}

export async function listGatherings(db: Db, viewer: Viewer, communityId: string, scope: 'upcoming' | 'past', now = new Date()) {
  await community.requireMember(db, communityId, viewer);
  const m = await community.membershipOf(db, communityId, viewer.id);
  const rows = await db.select().from(gatherings).where(and(eq(gatherings.communityId, communityId), scope === 'upcoming' ? gte(gatherings.endsAt, now) : lte(gatherings.endsAt, now)))
    .orderBy(scope === 'upcoming' ? asc(gatherings.startsAt) : desc(gatherings.startsAt)).limit(50);
  const items = [];
  for (const g of rows) items.push(await view(db, g, viewer, m?.role === 'leader', now));
  return { items };
}

export async function getGathering(db: Db, viewer: Viewer, id: string, now = new Date()) {
  const { gathering, leader } = await visibleGathering(db, viewer, id);
  return view(db, gathering, viewer, leader, now);
}

/**
 * Signs a resident up: a seat while there is one, else the waitlist. The event row is locked,
 * so concurrent sign-ups never pass the capacity (a CHECK backs it).
 */
export async function signUp(db: Db, viewer: Viewer, id: string, now = new Date()) {
  const { gathering: peek, member } = await visibleGathering(db, viewer, id);
  if (!member) throw forbidden('community.not_member');
  await inTransaction(db, async (tx) => {
    const [g] = await tx.select().from(gatherings).where(eq(gatherings.id, peek.id)).for('update');
    if (g.cancelledAt) throw conflict('gathering.cancelled');
    if (now >= g.startsAt) throw conflict('gathering.started');
    const [existing] = await tx.select().from(gatheringSignups).where(and(eq(gatheringSignups.gatheringId, g.id), eq(gatheringSignups.userId, viewer.id)));
    if (existing && existing.status !== 'cancelled') return; // signing up twice changes nothing
    const status = g.confirmedCount < g.capacity ? 'confirmed' as const : 'waitlisted' as const;
    if (existing) {
      await tx.update(gatheringSignups).set({ status, signedUpAt: now, cancelledAt: null }).where(and(eq(gatheringSignups.gatheringId, g.id), eq(gatheringSignups.userId, viewer.id)));
    } else {
      await tx.insert(gatheringSignups).values({ gatheringId: g.id, userId: viewer.id, communityId: g.communityId, status, signedUpAt: now });
    }
    if (status === 'confirmed') await tx.update(gatherings).set({ confirmedCount: g.confirmedCount + 1 }).where(eq(gatherings.id, g.id));
    await recordEvent(tx, { type: 'event.signed_up', communityId: g.communityId, actorId: viewer.id, subjectId: g.id, payload: { status } });
  });
  return getGathering(db, viewer, id, now);
}

/** Cancels one's sign-up; a freed seat goes to the first on the waitlist, who is told. */
export async function cancelSignup(db: Db, viewer: Viewer, id: string, now = new Date()) {
  const { gathering: peek } = await visibleGathering(db, viewer, id);
  await inTransaction(db, async (tx) => {
    const [g] = await tx.select().from(gatherings).where(eq(gatherings.id, peek.id)).for('update');
    const [mine] = await tx.select().from(gatheringSignups).where(and(eq(gatheringSignups.gatheringId, g.id), eq(gatheringSignups.userId, viewer.id)));
    if (!mine || mine.status === 'cancelled') throw conflict('gathering.not_signed_up');
    if (mine.checkedInAt) throw conflict('gathering.already_checked_in');
    await tx.update(gatheringSignups).set({ status: 'cancelled', cancelledAt: now }).where(and(eq(gatheringSignups.gatheringId, g.id), eq(gatheringSignups.userId, viewer.id)));
    if (mine.status === 'confirmed') await promote(tx, { ...g, confirmedCount: g.confirmedCount - 1 }, now);
  });
  return getGathering(db, viewer, id, now);
}

async function promote(tx: Tx, g: Gathering, now: Date) {
  let confirmed = g.confirmedCount;
  const timeZone = await timeZoneOf(tx, g.communityId);
  // A cancelled event has no seats to give: the waitlist stays as it is.
  while (confirmed < g.capacity && g.startsAt > now && !g.cancelledAt) {
    const [next] = await tx.select().from(gatheringSignups).where(and(eq(gatheringSignups.gatheringId, g.id), eq(gatheringSignups.status, 'waitlisted')))
      .orderBy(asc(gatheringSignups.signedUpAt)).limit(1);
    if (!next) break;
    await tx.update(gatheringSignups).set({ status: 'confirmed' }).where(and(eq(gatheringSignups.gatheringId, g.id), eq(gatheringSignups.userId, next.userId)));
    confirmed++;
    await notify(tx, [{ userId: next.userId, communityId: g.communityId, kind: 'event_promoted', params: { title: g.title, time: formatInZone(g.startsAt, timeZone) }, link: `/events/${g.id}` }]);
  }
  await tx.update(gatherings).set({ confirmedCount: confirmed }).where(eq(gatherings.id, g.id));
}

/**
 * Check-in at the venue: the resident scans the QR the leader shows. Only her own confirmed
 * sign-up, only around the event's time; doing it twice changes nothing.
 */
export async function checkIn(db: Db, viewer: Viewer, id: string, token: string, now = new Date()) {
  const { gathering: g, member } = await visibleGathering(db, viewer, id);
  if (!member) throw forbidden('community.not_member');
  if (token !== g.checkInToken) throw badRequest('gathering.bad_token');
  if (g.cancelledAt) throw conflict('gathering.cancelled');
  if (now.getTime() < g.startsAt.getTime() - CHECK_IN_EARLY_MS || now.getTime() > g.endsAt.getTime() + CHECK_IN_EARLY_MS) throw conflict('gathering.check_in_closed');
  await inTransaction(db, async (tx) => {
    const [mine] = await tx.select().from(gatheringSignups).where(and(eq(gatheringSignups.gatheringId, g.id), eq(gatheringSignups.userId, viewer.id))).for('update');
    if (!mine || mine.status !== 'confirmed') throw conflict(mine?.status === 'waitlisted' ? 'gathering.waitlisted' : 'gathering.not_signed_up');
    if (mine.checkedInAt) return;
    await tx.update(gatheringSignups).set({ checkedInAt: now }).where(and(eq(gatheringSignups.gatheringId, g.id), eq(gatheringSignups.userId, viewer.id)));
    await recordEvent(tx, { type: 'event.checked_in', communityId: g.communityId, actorId: viewer.id, subjectId: g.id, payload: { kind: g.kind } });
  });
  return getGathering(db, viewer, id, now);
}

/** The leader's list of who comes: names and status, never phone numbers. */
export async function attendees(db: Db, viewer: Viewer, id: string, locale: Locale = 'zh-CN') {
  const { gathering: g, leader } = await visibleGathering(db, viewer, id);
  if (!leader && !viewer.isOperator) throw forbidden('gathering.leader_only');
  const rows = await db.select({ userId: gatheringSignups.userId, status: gatheringSignups.status, signedUpAt: gatheringSignups.signedUpAt, checkedInAt: gatheringSignups.checkedInAt })
    .from(gatheringSignups).where(and(eq(gatheringSignups.gatheringId, g.id), sql`${gatheringSignups.status} <> 'cancelled'`))
    .orderBy(asc(gatheringSignups.status), asc(gatheringSignups.signedUpAt));
  const names = await displayNames(db, rows.map((r) => r.userId), locale);
  return { items: rows.map((r) => ({ ...r, name: names(r.userId) })) };
}

/** After the event: photos and a replay link (leader). */
export async function addAftermath(db: Db, storage: FileStorage, viewer: Viewer, id: string, input: { replayUrl?: string | null; photos: { filename: string; bytes: Buffer }[] }, now = new Date()) {
  const { gathering: g, leader } = await visibleGathering(db, viewer, id);
  if (!leader) throw forbidden('gathering.leader_only');
  if (now < g.startsAt) throw conflict('gathering.not_started');
  if (!httpUrl(input.replayUrl)) throw badRequest('gathering.url_invalid');
  if (g.photoFileIds.length + input.photos.length > EVENT_LIMITS.photos) throw badRequest('gathering.too_many_photos', { max: EVENT_LIMITS.photos });
  for (const p of input.photos) {
    const sniffed = files.sniffType(p.bytes);
    if (!sniffed || sniffed.kind !== 'image') throw badRequest('file.not_image');
  }
  const staged: { file: files.StagedUpload; name: string }[] = [];
  for (const p of input.photos) staged.push({ file: await files.stageUpload(storage, await files.publicImage(p.bytes), 'images'), name: p.filename });
  await inTransaction(db, async (tx) => {
    // The row lock makes two uploads at once add to the list one after the other (none is lost).
    const [current] = await tx.select({ photoFileIds: gatherings.photoFileIds }).from(gatherings).where(eq(gatherings.id, g.id)).for('update');
    if (current.photoFileIds.length + input.photos.length > EVENT_LIMITS.photos) throw badRequest('gathering.too_many_photos', { max: EVENT_LIMITS.photos });
    const ids: string[] = [];
    for (const p of staged) ids.push((await files.recordUpload(tx, p.file, { ownerId: viewer.id, scope: g.communityId ? `community:${g.communityId}` : 'platform', originalName: p.name })).id);
    await tx.update(gatherings).set({ photoFileIds: [...current.photoFileIds, ...ids], ...(input.replayUrl !== undefined ? { replayUrl: input.replayUrl } : {}) }).where(eq(gatherings.id, g.id));
  });
  return getGathering(db, viewer, id, now);
}

/** The leader cancels; everyone signed up is told. */
export async function cancelGathering(db: Db, viewer: Viewer, id: string, reason: string, now = new Date()) {
  const { gathering: g, leader } = await visibleGathering(db, viewer, id);
  if (!leader) throw forbidden('gathering.leader_only');
  const why = reason.trim();
  if (why.length < 2 || why.length > 200) throw badRequest('gathering.reason_required');
  await inTransaction(db, async (tx) => {
    const [done] = await tx.update(gatherings).set({ cancelledAt: now, cancelReason: why }).where(and(eq(gatherings.id, g.id), isNull(gatherings.cancelledAt))).returning();
    if (!done) return;
    const people = await tx.select({ userId: gatheringSignups.userId }).from(gatheringSignups).where(and(eq(gatheringSignups.gatheringId, g.id), sql`${gatheringSignups.status} <> 'cancelled'`));
    await notify(tx, people.map((p) => ({ userId: p.userId, communityId: g.communityId, kind: 'event_cancelled' as const, params: { title: g.title, reason: why }, link: `/events/${g.id}` })));
  });
  return getGathering(db, viewer, id, now);
}

/**
 * Reminds confirmed residents shortly before the start. The conditional UPDATE claims each event
 * once, so several instances never remind twice.
 */
export async function sendEventReminders(db: Db, now = new Date()) {
  return inTransaction(db, async (tx) => {
    const due = await tx.update(gatherings).set({ reminderSentAt: now })
      .where(sql`${gatherings.id} in (select id from gatherings where reminder_sent_at is null and cancelled_at is null and starts_at > ${now} and starts_at <= ${new Date(now.getTime() + REMINDER_BEFORE_MS)} limit 100 for update skip locked)`)
      .returning();
    for (const g of due) {
      const timeZone = await timeZoneOf(tx, g.communityId);
      const people = await tx.select({ userId: gatheringSignups.userId }).from(gatheringSignups).where(and(eq(gatheringSignups.gatheringId, g.id), eq(gatheringSignups.status, 'confirmed')));
      await notify(tx, people.map((p) => ({ userId: p.userId, communityId: g.communityId, kind: 'event_reminder' as const, params: { title: g.title, time: formatInZone(g.startsAt, timeZone), place: g.place || (g.streamUrl ?? '') }, link: `/events/${g.id}` })));
    }
    return due.length;
  });
}
