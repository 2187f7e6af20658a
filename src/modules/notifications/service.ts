import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { notifications } from './schema.js';
import { translate, type Locale } from '../../shared/i18n.js';

export interface Notice {
  userId: string;
  communityId: string | null;
  kind: 'arrival' | 'short_refund' | 'claim_for_leader' | 'claim_refunded' | 'claim_update';
  params: Record<string, string | number>;
  link: string | null;
}

/** Sends in-app notices in the caller's transaction: they exist exactly when the change does. */
export async function notify(tx: DbOrTx, notices: Notice[]): Promise<void> {
  if (notices.length === 0) return;
  await tx.insert(notifications).values(notices.map((n) => ({
    ...n,
    title: translate('zh-CN', `notices.${n.kind}.title`, n.params),
    body: translate('zh-CN', `notices.${n.kind}.body`, n.params),
  })));
}

/** A resident's notices, newest first, in her language. */
export async function listNotifications(db: Db, userId: string, locale: Locale, limit = 50) {
  const rows = await db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt)).limit(limit);
  const [{ unread }] = await db.select({ unread: sql<number>`count(*)::int` }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return {
    unread,
    items: rows.map((n) => ({
      id: n.id, kind: n.kind, link: n.link, createdAt: n.createdAt, readAt: n.readAt,
      title: translate(locale, `notices.${n.kind}.title`, n.params),
      body: translate(locale, `notices.${n.kind}.body`, n.params),
    })),
  };
}

export async function markRead(db: Db, userId: string, ids: string[] | 'all') {
  const where = ids === 'all' ? and(eq(notifications.userId, userId), isNull(notifications.readAt))
    : and(eq(notifications.userId, userId), inArray(notifications.id, ids));
  const rows = await db.update(notifications).set({ readAt: new Date() }).where(where).returning({ id: notifications.id });
  return rows.length;
}
