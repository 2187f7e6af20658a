import { zoneOffsetMs } from '../../platform/time.js';

export const periods = ['day', 'week', 'month'] as const;
export type Period = (typeof periods)[number];

/** The UTC instant of local midnight starting a calendar date in a time zone. */
export function localMidnight(y: number, m: number, d: number, timeZone: string): Date {
  const naive = Date.UTC(y, m - 1, d);
  let at = naive - zoneOffsetMs(new Date(naive), timeZone);
  at = naive - zoneOffsetMs(new Date(at), timeZone);
  return new Date(at);
}

export { localDate } from '../../platform/time.js';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The day, week (Monday to Sunday) or month holding `date`, in the community's time zone, as a
 * half-open UTC range [from, to), with its first and last calendar dates.
 */
export function periodRange(period: Period, date: string, timeZone: string) {
  const [y, m, d] = date.split('-').map(Number);
  let start: Date;
  let end: Date;
  if (period === 'day') {
    start = new Date(Date.UTC(y, m - 1, d));
    end = new Date(Date.UTC(y, m - 1, d + 1));
  } else if (period === 'week') {
    const dow = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
    start = new Date(Date.UTC(y, m - 1, d - dow));
    end = new Date(Date.UTC(y, m - 1, d - dow + 7));
  } else {
    start = new Date(Date.UTC(y, m - 1, 1));
    end = new Date(Date.UTC(y, m, 1));
  }
  const ymd = (x: Date) => `${x.getUTCFullYear()}-${pad(x.getUTCMonth() + 1)}-${pad(x.getUTCDate())}`;
  const last = new Date(end.getTime() - 86_400_000);
  return {
    period, firstDate: ymd(start), lastDate: ymd(last),
    from: localMidnight(start.getUTCFullYear(), start.getUTCMonth() + 1, start.getUTCDate(), timeZone),
    to: localMidnight(end.getUTCFullYear(), end.getUTCMonth() + 1, end.getUTCDate(), timeZone),
  };
}

export const isCalendarDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
