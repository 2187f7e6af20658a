import type { Db } from '../../platform/db/client.js';
import { badRequest } from '../../platform/errors.js';
import { localDate } from '../../platform/time.js';
import { currentCommission } from '../trust/index.js';
import { earningsOf } from './earnings.service.js';
import { postLedgerEvents } from './posting.service.js';
import { withdrawnToday, type PayoutLimits } from './payouts.service.js';
import { isCalendarDate, type Period } from './period.js';

/**
 * The leader's earnings page for one period (today in his community by default): the figures, his
 * current tier, and what he may still withdraw today (settled balance within the daily limit).
 * The ledger is brought up to date first, so a hand-over a minute ago shows.
 */
export async function earningsPage(db: Db, input: { leaderId: string; communityId: string; timeZone: string; period: Period; date?: string; limits: PayoutLimits; now: Date }) {
  const date = input.date ?? localDate(input.now, input.timeZone);
  if (!isCalendarDate(date)) throw badRequest('earnings.date_invalid');
  await postLedgerEvents(db);
  const c = await currentCommission(db, input.leaderId);
  const e = await earningsOf(db, { leaderId: input.leaderId, communityId: input.communityId, timeZone: input.timeZone, period: input.period, date, currentRate: c.rate, currentTier: c.tier });
  const used = await withdrawnToday(db, input.leaderId, input.timeZone, input.now);
  const availableFen = Math.max(0, Math.min(e.balances.settledFen, input.limits.dailyLimitFen - used));
  return { ...e, withdrawal: { ...input.limits, withdrawnTodayFen: used, availableFen } };
}
