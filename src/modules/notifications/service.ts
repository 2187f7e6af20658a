import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { notificationMutes, notifications } from './schema.js';
import { bracketed, isolate, listOf, translate, type Locale } from '../../platform/i18n.js';
import { badRequest } from '../../platform/errors.js';

/** Every kind of in-app notice; the ones a person may mute are listed in MUTABLE_KINDS. */
export const NOTICE_KINDS = [
  'group_buy_opened', 'arrival', 'short_refund', 'birthday_gift', 'claim_for_leader', 'claim_refunded', 'claim_update',
  'question_for_leader', 'answer_to_question', 'event_reminder', 'event_promoted', 'event_cancelled', 'welcome_gift',
  // Pickup (texts in fulfilment/messages.ts): window reminders, not collected, a hand-over to confirm.
  'pickup_open', 'pickup_ending', 'not_collected', 'handover_to_confirm',
  // A leader cancelled or refunded part of her order (texts in orders/messages.ts).
  'leader_cancelled', 'leader_cancelled_unpaid', 'leader_refunded',
  // Changes to a group buy she ordered from (texts in groupbuy/messages.ts).
  'group_buy_changed', 'price_drop_refund', 'price_drop_pending',
  // Private messages between a resident and her leaders (texts in messaging/messages.ts).
  'message_for_leader', 'message_from_leader',
  // The leader's own words from his morning dashboard, and 到货提醒 (texts in groupbuy/morning.messages.ts).
  'leader_arrival', 'leader_reminder', 'restock',
  // Her leader picked her post as a campaign story: will she allow it? (texts in feed/messages.ts).
  'story_consent',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
/** Money and claims always get through; news, answers and reminders can be muted. */
export const MUTABLE_KINDS: NoticeKind[] = ['group_buy_opened', 'arrival', 'question_for_leader', 'answer_to_question', 'event_reminder', 'birthday_gift', 'pickup_open', 'pickup_ending'];

export interface Notice {
  userId: string;
  communityId: string | null;
  kind: NoticeKind;
  params: Record<string, string | number>;
  link: string | null;
}

/**
 * Sends in-app notices in the caller's transaction: they exist exactly when the change does.
 * Every notice goes through here, so mutes hold everywhere. Returns how many were sent.
 */
export async function notify(tx: DbOrTx, notices: Notice[]): Promise<number> {
  if (notices.length === 0) return 0;
  const mutable = notices.filter((n) => MUTABLE_KINDS.includes(n.kind));
  if (mutable.length) {
    // A muted kind is not sent at all (not sent and hidden): the person asked for quiet.
    const muted = await tx.select().from(notificationMutes).where(and(inArray(notificationMutes.userId, [...new Set(mutable.map((n) => n.userId))]), inArray(notificationMutes.kind, [...new Set(mutable.map((n) => n.kind))])));
    const off = new Set(muted.map((m) => `${m.userId}:${m.kind}`));
    notices = notices.filter((n) => !off.has(`${n.userId}:${n.kind}`));
    if (notices.length === 0) return 0;
  }
  for (let i = 0; i < notices.length; i += 1000) await tx.insert(notifications).values(notices.slice(i, i + 1000).map((n) => ({
    ...n,
    title: translate('zh-CN', `notices.${n.kind}.title`, n.params),
    body: translate('zh-CN', `notices.${n.kind}.body`, n.params),
  })));
  return notices.length;
}

/** Which kinds a person has muted, among those that can be. */
export async function noticeSettings(db: Db, userId: string, locale: Locale) {
  const muted = new Set((await db.select().from(notificationMutes).where(eq(notificationMutes.userId, userId))).map((m) => m.kind));
  return { kinds: MUTABLE_KINDS.map((kind) => ({ kind, label: translate(locale, `noticeKinds.${kind}`), muted: muted.has(kind) })) };
}

/** Mutes or unmutes kinds of notice for oneself. */
export async function setNoticeMutes(db: Db, userId: string, changes: { kind: string; muted: boolean }[], locale: Locale) {
  for (const c of changes) if (!MUTABLE_KINDS.includes(c.kind as NoticeKind)) throw badRequest('notice.kind_not_mutable', { kind: c.kind });
  await db.transaction(async (tx) => {
    for (const c of changes) {
      if (c.muted) await tx.insert(notificationMutes).values({ userId, kind: c.kind }).onConflictDoNothing();
      else await tx.delete(notificationMutes).where(and(eq(notificationMutes.userId, userId), eq(notificationMutes.kind, c.kind)));
    }
  });
  return noticeSettings(db, userId, locale);
}

/** Unread notices by kind (the bell and the centre's tabs). */
export async function unreadCounts(db: Db, userId: string) {
  const rows = await db.select({ kind: notifications.kind, n: sql<number>`count(*)::int` }).from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).groupBy(notifications.kind);
  return { total: rows.reduce((s, r) => s + r.n, 0), byKind: Object.fromEntries(rows.map((r) => [r.kind, r.n])) };
}

/** Params that carry people's words or names (not a key nor a system word): marked as such for the page. */
const NAME_PARAMS = new Set(['title', 'excerpt', 'name', 'place', 'community', 'gift', 'product', 'leader', 'reason', 'note', 'text', 'titles', 'address']);

/**
 * A notice's params as the reader's language needs them: lists stored with the Chinese separator
 * (`items`: 草莓×2、鸡蛋×1) and a note stored in Chinese brackets (`words`: （…）) are written the
 * reader's way, and names and people's words are wrapped in Unicode isolates (U+2068 … U+2069), so
 * the page can show them as names apart from the sentence around them (translate="no").
 */
function readerParams(params: Record<string, string | number>, locale: Locale): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value !== 'string' || value === '') out[key] = value;
    else if (key === 'items') out[key] = listOf(locale, value.split('、').map(isolate));
    else if (key === 'changes') continue;
    else if (key === 'words') {
      const inner = /^（([\s\S]*)）$/.exec(value)?.[1];
      out[key] = inner === undefined ? isolate(value) : `${locale === 'zh-CN' ? '' : ' '}${bracketed(locale, isolate(inner))}`;
    } else out[key] = NAME_PARAMS.has(key) ? isolate(value) : value;
  }
  // What changed, as parts kept with their own keys (notices.change_parts.*): the summary in her language.
  if (typeof params.changes === 'string') {
    const parts = JSON.parse(params.changes) as [string, Record<string, string>][];
    out.summary = parts.map(([k, p]) => translate(locale, `notices.change_parts.${k}`, p)).join(locale === 'zh-CN' ? '；' : '; ');
  }
  return out;
}

/** A resident's notices, newest first, in her language. */
export async function listNotifications(db: Db, userId: string, locale: Locale, limit = 50) {
  const rows = await db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt)).limit(limit);
  const [{ unread }] = await db.select({ unread: sql<number>`count(*)::int` }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return {
    unread,
    items: rows.map((n) => ({
      id: n.id, kind: n.kind, link: n.link, createdAt: n.createdAt, readAt: n.readAt,
      title: translate(locale, `notices.${n.kind}.title`, readerParams(n.params, locale)),
      body: translate(locale, `notices.${n.kind}.body`, readerParams(n.params, locale)),
    })),
  };
}

export async function markRead(db: Db, userId: string, ids: string[] | 'all') {
  const where = ids === 'all' ? and(eq(notifications.userId, userId), isNull(notifications.readAt))
    : and(eq(notifications.userId, userId), inArray(notifications.id, ids));
  const rows = await db.update(notifications).set({ readAt: new Date() }).where(where).returning({ id: notifications.id });
  return rows.length;
}
