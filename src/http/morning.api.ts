import { z } from 'zod';
import { instant } from './api-schemas.js';

/** Response shapes of the leader's morning dashboard and residents' search and 到货提醒. */

const tally = z.object({ orders: z.number().int(), households: z.number().int(), units: z.number().int() }).meta({ id: 'HandOverTally' });
const sentRecord = z.object({ at: instant, told: z.number().int(), all: z.boolean() }).nullable();

export const leaderDashboard = z.object({
  /** The community's local date "today" means. */
  today: z.string(),
  timeZone: z.string(),
  now: instant,
  points: z.array(z.object({
    id: z.uuid(), name: z.string(), address: z.string(), hours: z.string(),
    /** Goods waiting whose pickup window has begun or begins today. */
    toHandOver: tally,
    /** Of those, the ones whose window has begun and that nobody has come for yet. */
    notCollected: tally,
  })),
  toHandOver: tally,
  notCollected: z.object({
    households: z.number().int(),
    list: z.array(z.object({ name: z.string(), groupNumbers: z.array(z.number().int()), items: z.array(z.string()), overdue: z.boolean(), pointName: z.string() })),
  }),
  claims: z.array(z.object({
    id: z.uuid(), productName: z.string(), residentName: z.string(), amountFen: z.number().int(), quantity: z.number().int(), kind: z.string(),
    deadlineAt: instant.nullable(), overdue: z.boolean(),
  })),
  sales: z.object({
    paidFen: z.number().int(), paidOrders: z.number().int(), handedOverFen: z.number().int(), handedOverOrders: z.number().int(),
    /** His commission settled today. */
    commissionFen: z.number().int(),
  }),
  groupBuys: z.array(z.object({
    id: z.uuid(), title: z.string(), cutoffAt: instant, sold: z.number().int(), stockTotal: z.number().int(), stockAvailable: z.number().int(),
    orders: z.number().int(), buyers: z.number().int(),
  })),
  arrival: z.object({ groupBuys: z.array(z.object({ id: z.uuid(), title: z.string() })), text: z.string(), sent: sentRecord }),
  reminder: z.object({ groupBuyIds: z.array(z.uuid()), households: z.number().int(), text: z.string(), sent: sentRecord }),
}).meta({ id: 'LeaderDashboard' });

export const announcementSent = z.object({
  kind: z.enum(['arrival', 'reminder']),
  day: z.string(),
  /** Residents told by this tap (0 when every group buy had already been announced today). */
  told: z.number().int(),
  sentGroupBuyIds: z.array(z.uuid()),
  alreadySentGroupBuyIds: z.array(z.uuid()),
}).meta({ id: 'AnnouncementSent' });

export const restockAlertStatus = z.enum(['none', 'waiting', 'notified', 'cancelled', 'expired']);

export const searchResults = z.object({
  query: z.string(),
  items: z.array(z.object({
    groupBuyId: z.uuid(), itemId: z.uuid(), title: z.string(), productName: z.string(), spec: z.string(), unit: z.string(), origin: z.string(),
    imageUrl: z.string().nullable(), priceFen: z.number().int(), stockAvailable: z.number().int(), soldOut: z.boolean(), cutoffAt: instant,
    /** What matched: the product name (ranked first), the group buy's title, or only its note or the origin. */
    matchedIn: z.enum(['name', 'title', 'details']),
    alert: restockAlertStatus,
  })),
}).meta({ id: 'SearchResults' });

export const restockAlert = z.object({ itemId: z.uuid(), status: restockAlertStatus }).meta({ id: 'RestockAlert' });
