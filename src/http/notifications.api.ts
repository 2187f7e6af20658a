import { z } from 'zod';
import { instant } from './api-schemas.js';

/** Response shapes of the notification routes. */

/** A notice, written in the reader's language when it is read. */
export const notice = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: instant,
  readAt: instant.nullable(),
}).meta({ id: 'Notice' });

export const noticeList = z.object({ unread: z.number().int(), items: z.array(notice) }).meta({ id: 'NoticeList' });

export const unreadCounts = z.object({ total: z.number().int(), byKind: z.record(z.string(), z.number().int()) }).meta({ id: 'UnreadCounts' });

/** The kinds of notice she may mute, with their names and whether she has. */
export const noticeSettings = z.object({
  kinds: z.array(z.object({ kind: z.string(), label: z.string(), muted: z.boolean() })),
}).meta({ id: 'NoticeSettings' });
