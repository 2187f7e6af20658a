import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../platform/db/client.js';
import { badRequest, conflict, forbidden, notFound, tooMany } from '../../platform/errors.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import type { FileStorage } from '../../platform/files/storage.js';
import { translate, type Locale } from '../../platform/i18n.js';
import * as community from '../community/index.js';
import * as files from '../files/index.js';
import { displayNames } from '../identity/index.js';
import { notify } from '../notifications/index.js';
import { getMyOrder } from '../orders/index.js';
import * as feed from '../feed/index.js';
import { conversationMessages, conversations } from './schema.js';

type Viewer = { id: string; isOperator: boolean };
type Conversation = typeof conversations.$inferSelect;
type Message = typeof conversationMessages.$inferSelect;
export type Side = 'resident' | 'leader' | 'operator';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * What one message may hold and how many a resident may send (*ours*): a neighbour with a real
 * question writes a few lines now and then; a burst is refused before anything is stored.
 * Leaders answering their inbox are not limited.
 */
export const MESSAGE_LIMITS = {
  body: 1000, photos: 4, perMinute: 5, perDay: 50, page: 30,
  reasonMin: feed.LIMITS.reasonMin, reasonMax: feed.LIMITS.reasonMax,
} as const;

export interface MessageInput {
  body: string;
  /** The writer's order in this community the message is about. */
  orderId?: string | null;
  photos?: feed.ImageUpload[];
}

/**
 * In the writing transaction, per author: counted and written one after another, so a burst sent
 * at once cannot pass the limit. Exactly `perMinute` in a minute (and `perDay` in a day) go through.
 */
async function rateLimit(db: DbOrTx, authorId: string, now: Date) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`messages-rate:${authorId}`}))`);
  const count = async (since: number) => (await db.select({ n: sql<number>`count(*)::int` }).from(conversationMessages)
    .where(and(eq(conversationMessages.authorId, authorId), gt(conversationMessages.createdAt, new Date(now.getTime() - since)))))[0].n;
  if (await count(MINUTE) >= MESSAGE_LIMITS.perMinute) throw tooMany('message.rate_limited_minute', { limit: MESSAGE_LIMITS.perMinute });
  if (await count(DAY) >= MESSAGE_LIMITS.perDay) throw tooMany('message.rate_limited_day', { limit: MESSAGE_LIMITS.perDay });
}

/** The conversation and which side the viewer is on; anyone else is told it does not exist. */
async function openConversation(db: DbOrTx, viewer: Viewer, conversationId: string): Promise<{ conv: Conversation; side: Side }> {
  const [conv] = await db.select().from(conversations).where(eq(conversations.id, conversationId));
  if (!conv) throw notFound('conversation.not_found');
  if (conv.residentId === viewer.id) return { conv, side: 'resident' };
  const m = await community.membershipOf(db, conv.communityId, viewer.id);
  if (m?.role === 'leader') return { conv, side: 'leader' };
  if (viewer.isOperator) return { conv, side: 'operator' };
  throw notFound('conversation.not_found');
}

/** Private pictures of a conversation: for its resident, her community's leaders (operators and the uploader are let in by the files route). */
export async function canOpenConversationFiles(db: DbOrTx, scope: string, userId: string) {
  const m = /^conversation:([0-9a-f-]{36})$/.exec(scope);
  if (!m) return false;
  const [conv] = await db.select().from(conversations).where(eq(conversations.id, m[1]));
  if (!conv) return false;
  if (conv.residentId === userId) return true;
  return (await community.membershipOf(db, conv.communityId, userId))?.role === 'leader';
}

/** The order must be the resident's own, in this community; anything else is refused the same way. */
async function checkOrder(db: DbOrTx, orderId: string | null | undefined, residentId: string, communityId: string) {
  if (!orderId) return null;
  const order = await getMyOrder(db, orderId, residentId).catch(() => null);
  if (!order || order.communityId !== communityId) throw badRequest('message.order_invalid');
  return order.id;
}

/** Checks what is written, then stores the photos' bytes (EXIF stripped) before any transaction. */
async function prepare(db: DbOrTx, storage: FileStorage, actor: Viewer, input: MessageInput, residentId: string, communityId: string, limited: boolean, now: Date) {
  const photos = input.photos ?? [];
  const body = feed.moderateText(input.body, MESSAGE_LIMITS.body, 'message.body_length', photos.length ? 0 : 1);
  if (photos.length > MESSAGE_LIMITS.photos) throw badRequest('message.too_many_photos', { max: MESSAGE_LIMITS.photos });
  const orderId = await checkOrder(db, input.orderId, residentId, communityId);
  // Checked before any bytes are written too, so a limited writer stores nothing.
  if (limited && photos.length) await rateLimit(db, actor.id, now);
  const staged = await feed.stageImages(storage, photos, MESSAGE_LIMITS.photos);
  return { body, orderId, staged };
}

const excerpt = (text: string) => (text.length > 30 ? `${text.slice(0, 30)}…` : text);

/** Writes one message in the caller's transaction and tells the other side (once per unread run). */
async function writeMessage(tx: Tx, conv: Conversation, actor: Viewer, side: 'resident' | 'leader', prepared: Awaited<ReturnType<typeof prepare>>, now: Date) {
  const photoFileIds = await feed.recordImages(tx, prepared.staged, actor.id, `conversation:${conv.id}`);
  const [message] = await tx.insert(conversationMessages).values({
    conversationId: conv.id, communityId: conv.communityId, authorId: actor.id, authorRole: side,
    body: prepared.body, photoFileIds, orderId: prepared.orderId, createdAt: now,
  }).returning();
  // The writer has read everything before her own message; the other side has one more unread.
  const [before] = await tx.select().from(conversations).where(eq(conversations.id, conv.id)).for('update');
  const [after] = await tx.update(conversations).set(side === 'resident'
    ? { leaderUnread: sql`${conversations.leaderUnread} + 1`, residentUnread: 0, lastMessageAt: now }
    : { residentUnread: sql`${conversations.residentUnread} + 1`, leaderUnread: 0, lastMessageAt: now })
    .where(eq(conversations.id, conv.id)).returning();
  await recordEvent(tx, { type: 'message.sent', communityId: conv.communityId, actorId: actor.id, subjectId: message.id, payload: { conversationId: conv.id, authorRole: side, photos: photoFileIds.length, orderId: prepared.orderId } });
  const text = prepared.body || translate('zh-CN', 'messaging.photo_only');
  if (side === 'resident' && before.leaderUnread === 0) {
    const name = await residentName(tx, conv.communityId, conv.residentId);
    const leaders = await community.leadersOf(tx, conv.communityId);
    await notify(tx, leaders.filter((l) => l.userId !== actor.id).map((l) => ({
      userId: l.userId, communityId: conv.communityId, kind: 'message_for_leader' as const, params: { name, excerpt: excerpt(text) }, link: `/leader/${conv.communityId}/messages/${conv.id}`,
    })));
  }
  if (side === 'leader' && before.residentUnread === 0) {
    const name = (await displayNames(tx, [actor.id]))(actor.id);
    await notify(tx, [{ userId: conv.residentId, communityId: conv.communityId, kind: 'message_from_leader', params: { name, excerpt: excerpt(text) }, link: `/c/${conv.communityId}/messages` }]);
  }
  return { message, conversation: after };
}

/**
 * A resident writes to her community's leaders (the conversation is made on her first message).
 * Only a member who is not herself a leader there; an order she attaches must be hers, here.
 */
export async function writeToLeaders(db: Db, storage: FileStorage, actor: Viewer, communityId: string, input: MessageInput, now = new Date()) {
  const m = await community.membershipOf(db, communityId, actor.id);
  if (!m) {
    await community.getCommunity(db, communityId); // 404 for a community that does not exist
    throw forbidden('message.not_member');
  }
  if (m.role === 'leader') throw forbidden('message.leader_is_you');
  if ((await community.leadersOf(db, communityId)).length === 0) throw conflict('message.no_leader');
  const prepared = await prepare(db, storage, actor, input, actor.id, communityId, true, now);
  return inTransaction(db, async (tx) => {
    await rateLimit(tx, actor.id, now);
    await tx.insert(conversations).values({ communityId, residentId: actor.id, lastMessageAt: now, createdAt: now }).onConflictDoNothing();
    const [conv] = await tx.select().from(conversations).where(and(eq(conversations.communityId, communityId), eq(conversations.residentId, actor.id)));
    return writeMessage(tx, conv, actor, 'resident', prepared, now);
  });
}

/** A message in an existing conversation: her, or any leader of her community answering. */
export async function sendMessage(db: Db, storage: FileStorage, actor: Viewer, conversationId: string, input: MessageInput, now = new Date()) {
  const { conv, side } = await openConversation(db, actor, conversationId);
  if (side === 'operator') throw forbidden('message.operator_cannot_write');
  const prepared = await prepare(db, storage, actor, input, conv.residentId, conv.communityId, side === 'resident', now);
  return inTransaction(db, async (tx) => {
    if (side === 'resident') await rateLimit(tx, actor.id, now);
    return writeMessage(tx, conv, actor, side, prepared, now);
  });
}

/** The leaders' side read it (any leader opening it reads it for all), or the resident hers. */
export async function markRead(db: Db, actor: Viewer, conversationId: string) {
  const { conv, side } = await openConversation(db, actor, conversationId);
  if (side === 'operator') return { id: conv.id, unread: 0 };
  await db.update(conversations).set(side === 'resident' ? { residentUnread: 0 } : { leaderUnread: 0 }).where(eq(conversations.id, conv.id));
  return { id: conv.id, unread: 0 };
}

/** An operator hides a message with a reason that is kept; both sides see that it was hidden, and why. */
export async function hideMessage(db: Db, actor: Viewer, messageId: string, reason: string, now = new Date()) {
  if (!actor.isOperator) throw forbidden();
  const why = feed.cleanText(reason, MESSAGE_LIMITS.reasonMax, 'feed.reason_required', MESSAGE_LIMITS.reasonMin);
  return inTransaction(db, async (tx) => {
    const [m] = await tx.select().from(conversationMessages).where(eq(conversationMessages.id, messageId));
    if (!m) throw notFound('message.not_found');
    const [hidden] = await tx.update(conversationMessages).set({ hiddenAt: now, hiddenReason: why, hiddenBy: actor.id })
      .where(and(eq(conversationMessages.id, messageId), isNull(conversationMessages.hiddenAt))).returning({ id: conversationMessages.id });
    if (hidden) await recordEvent(tx, { type: 'message.hidden', communityId: m.communityId, actorId: actor.id, subjectId: m.id, payload: { conversationId: m.conversationId, reason: why } });
    return { id: m.id, hidden: true as const };
  });
}

/** The name she goes by in this community (her display name there, else her account's name); never her phone. */
async function residentName(db: DbOrTx, communityId: string, residentId: string, locale: Locale = 'zh-CN') {
  const m = await community.membershipOf(db, communityId, residentId);
  return m?.displayName || (await displayNames(db, [residentId], locale))(residentId);
}

/** The order beside a message: group buy, items with their 跟团号, and where it stands. */
async function orderContexts(db: DbOrTx, orderIds: string[], residentId: string) {
  const out = [];
  for (const id of [...new Set(orderIds)]) {
    const o = await getMyOrder(db, id, residentId).catch(() => null);
    if (!o) continue;
    out.push({
      id: o.id, status: o.status, progress: o.progress, totalFen: o.totalFen, createdAt: o.createdAt,
      lines: o.lines.map((l) => ({
        groupBuyId: l.groupBuyId, groupBuyTitle: l.groupBuy.title, productName: l.product.name, spec: l.product.spec,
        quantity: l.quantity, groupNumber: l.groupNumber, status: l.status,
      })),
    });
  }
  return out;
}

function messageView(m: Message, viewerId: string, nameOf: (m: Message) => string) {
  const hidden = m.hiddenAt !== null;
  return {
    id: m.id, authorRole: m.authorRole, authorName: nameOf(m), mine: m.authorId === viewerId,
    body: hidden ? null : m.body, photos: hidden ? [] : m.photoFileIds.map(files.fileUrl), orderId: hidden ? null : m.orderId,
    hidden, hiddenReason: m.hiddenReason, createdAt: m.createdAt,
  };
}

/** A page of a conversation, newest last; `before` (a message id) pages back to older ones. */
async function conversationView(db: DbOrTx, conv: Conversation, side: Side, viewer: Viewer, before: string | undefined, locale: Locale) {
  const page = MESSAGE_LIMITS.page;
  const older = before ? sql`${conversationMessages.seq} < (select seq from messages where id = ${before} and conversation_id = ${conv.id})` : undefined;
  const rows = await db.select().from(conversationMessages).where(and(eq(conversationMessages.conversationId, conv.id), older))
    .orderBy(desc(conversationMessages.seq)).limit(page + 1);
  const list = rows.slice(0, page).reverse();
  const m = await community.membershipOf(db, conv.communityId, conv.residentId);
  const leaders = await community.leadersOf(db, conv.communityId);
  const names = await displayNames(db, list.map((r) => r.authorId), locale);
  // 门牌 is for her community's leaders only.
  const resident = { name: m?.displayName || (await displayNames(db, [conv.residentId], locale))(conv.residentId), doorNumber: side === 'leader' ? m?.doorNumber ?? '' : null };
  return {
    id: conv.id as string | null, communityId: conv.communityId, side,
    resident,
    leaders: leaders.map((l) => ({ name: l.name || translate(locale, 'people.unnamed'), title: l.title })),
    unread: side === 'resident' ? conv.residentUnread : side === 'leader' ? conv.leaderUnread : 0,
    messages: list.map((r) => messageView(r, viewer.id, (x) => (x.authorRole === 'resident' ? resident.name : names(x.authorId)))),
    hasMore: rows.length > page,
    orders: await orderContexts(db, list.filter((r) => r.orderId && !r.hiddenAt).map((r) => r.orderId!), conv.residentId),
  };
}
export type ConversationView = Awaited<ReturnType<typeof conversationView>>;

/** Her conversation with the leaders of a community (empty until she writes). */
export async function myConversation(db: Db, actor: Viewer, communityId: string, before?: string, locale: Locale = 'zh-CN'): Promise<ConversationView> {
  const m = await community.membershipOf(db, communityId, actor.id);
  if (!m) {
    await community.getCommunity(db, communityId);
    throw forbidden('message.not_member');
  }
  if (m.role === 'leader') throw forbidden('message.leader_is_you');
  const [conv] = await db.select().from(conversations).where(and(eq(conversations.communityId, communityId), eq(conversations.residentId, actor.id)));
  if (conv) return conversationView(db, conv, 'resident', actor, before, locale);
  const leaders = await community.leadersOf(db, communityId);
  return {
    id: null, communityId, side: 'resident', resident: { name: m.displayName || (await displayNames(db, [actor.id], locale))(actor.id), doorNumber: null },
    leaders: leaders.map((l) => ({ name: l.name || translate(locale, 'people.unnamed'), title: l.title })), unread: 0, messages: [], hasMore: false, orders: [],
  };
}

/** One conversation, for its resident, her community's leaders or an operator. */
export async function getConversation(db: Db, actor: Viewer, conversationId: string, before?: string, locale: Locale = 'zh-CN') {
  const { conv, side } = await openConversation(db, actor, conversationId);
  return conversationView(db, conv, side, actor, before, locale);
}

/** The leaders' inbox: conversations by latest message, each with its unread count, and the total for the badge. */
export async function inbox(db: Db, actor: Viewer, communityId: string, opts: { page?: number; pageSize?: number } = {}, locale: Locale = 'zh-CN') {
  if (!actor.isOperator) await community.requireLeader(db, communityId, actor.id);
  const page = opts.page ?? 1;
  const pageSize = opts.pageSize ?? 20;
  const rows = await db.select().from(conversations).where(eq(conversations.communityId, communityId))
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.id)).limit(pageSize + 1).offset((page - 1) * pageSize);
  const list = rows.slice(0, pageSize);
  const [totals] = await db.select({ unread: sql<number>`coalesce(sum(${conversations.leaderUnread}), 0)::int`, waiting: sql<number>`count(*) filter (where ${conversations.leaderUnread} > 0)::int` })
    .from(conversations).where(eq(conversations.communityId, communityId));
  const ids = list.map((c) => c.id);
  // The latest message of each conversation on the page.
  const latest = ids.length ? await db.selectDistinctOn([conversationMessages.conversationId]).from(conversationMessages)
    .where(inArray(conversationMessages.conversationId, ids)).orderBy(conversationMessages.conversationId, desc(conversationMessages.seq)) : [];
  const lastOf = new Map(latest.map((m) => [m.conversationId, m]));
  const names = await displayNames(db, list.map((c) => c.residentId), locale);
  const members = new Map<string, { displayName: string; doorNumber: string }>();
  for (const c of list) {
    const m = await community.membershipOf(db, communityId, c.residentId);
    if (m) members.set(c.residentId, m);
  }
  return {
    unreadTotal: totals.unread, waitingConversations: totals.waiting,
    items: list.map((c) => {
      const last = lastOf.get(c.id);
      const mem = members.get(c.residentId);
      return {
        id: c.id, resident: { name: mem?.displayName || names(c.residentId), doorNumber: mem?.doorNumber ?? '' },
        unread: c.leaderUnread, lastMessageAt: c.lastMessageAt,
        lastMessage: last ? {
          authorRole: last.authorRole, hidden: last.hiddenAt !== null, excerpt: last.hiddenAt ? '' : excerpt(last.body),
          photos: last.hiddenAt ? 0 : last.photoFileIds.length, withOrder: !last.hiddenAt && last.orderId !== null,
        } : null,
      };
    }),
    hasMore: rows.length > pageSize,
  };
}
