import { z } from 'zod';
import { instant } from './api-schemas.js';
import { authorRoles } from '../modules/messaging/index.js';
import { lineStatuses, orderStatuses } from '../modules/orders/index.js';

/** Response shapes of private messages between a resident and her leaders. No phone number anywhere. */

export const directMessage = z.object({
  id: z.uuid(),
  authorRole: z.enum(authorRoles),
  /** Her display name in the community for a resident; the leader's name for a leader. */
  authorName: z.string(),
  /** Written by the viewer. */
  mine: z.boolean(),
  /** Null once an operator hid it. */
  body: z.string().nullable(),
  /** Private picture URLs (only the two sides may open them). */
  photos: z.array(z.string()),
  /** The order it is about (details in the conversation's `orders`). */
  orderId: z.uuid().nullable(),
  hidden: z.boolean(),
  hiddenReason: z.string().nullable(),
  createdAt: instant,
}).meta({ id: 'DirectMessage' });

/** An order as the leader sees it beside a message: group buy, items, 跟团号, status. */
export const messageOrderContext = z.object({
  id: z.uuid(),
  status: z.enum(orderStatuses),
  progress: z.string(),
  totalFen: z.int(),
  createdAt: instant,
  lines: z.array(z.object({
    groupBuyId: z.uuid(), groupBuyTitle: z.string(), productName: z.string(), spec: z.string(),
    quantity: z.int(), groupNumber: z.int().nullable(), status: z.enum(lineStatuses),
  })),
}).meta({ id: 'MessageOrderContext' });

export const conversation = z.object({
  /** Null until the resident writes her first message. */
  id: z.uuid().nullable(),
  communityId: z.uuid(),
  side: z.enum(['resident', 'leader', 'operator']),
  /** 门牌 (doorNumber) only for the community's leaders; null for anyone else. */
  resident: z.object({ name: z.string(), doorNumber: z.string().nullable() }),
  leaders: z.array(z.object({ name: z.string(), title: z.string() })),
  /** Unread messages for the viewer's side. */
  unread: z.int(),
  /** Oldest first; `hasMore` when older ones can be fetched with `before`. */
  messages: z.array(directMessage),
  hasMore: z.boolean(),
  orders: z.array(messageOrderContext),
}).meta({ id: 'Conversation' });

export const messageSent = z.object({
  message: z.object({ id: z.uuid(), conversationId: z.uuid(), createdAt: instant }),
  conversation: conversation,
}).meta({ id: 'MessageSent' });

export const inbox = z.object({
  /** Unread messages in all conversations (the badge). */
  unreadTotal: z.int(),
  /** Conversations with at least one unread message. */
  waitingConversations: z.int(),
  items: z.array(z.object({
    id: z.uuid(),
    resident: z.object({ name: z.string(), doorNumber: z.string() }),
    unread: z.int(),
    lastMessageAt: instant,
    lastMessage: z.object({ authorRole: z.enum(authorRoles), hidden: z.boolean(), excerpt: z.string(), photos: z.int(), withOrder: z.boolean() }).nullable(),
  })),
  hasMore: z.boolean(),
}).meta({ id: 'MessageInbox' });

export const readAnswer = z.object({ id: z.uuid(), unread: z.int() }).meta({ id: 'ConversationRead' });
export const hiddenMessage = z.object({ id: z.uuid(), hidden: z.literal(true) }).meta({ id: 'MessageHidden' });
