export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Formats an instant in a community's time zone, e.g. "11月25日 20:00". */
export function formatInZone(date: Date, timeZone: string, locale = 'zh-CN'): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(date);
}

/**
 * An IANA zone name (Area/Location, or UTC) that this runtime knows. Offsets such as "+08:00" or
 * POSIX names are refused: PostgreSQL reads their sign the other way round.
 */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone !== 'UTC' && !/^[A-Za-z]+(\/[A-Za-z0-9_+-]+)+$/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Offset of a time zone from UTC at a moment, in ms (Asia/Shanghai: +8 h). */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    .formatToParts(at).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * `minutes` of opening hours after `start` (local `openHour`–`closeHour` every day): a claim filed
 * at 21:30 with two hours to answer is due at 09:30 the next morning, not at 23:30.
 */
export function addOpeningMinutes(start: Date, minutes: number, timeZone: string, openHour = 8, closeHour = 22): Date {
  const HOUR = 3_600_000;
  const offset = zoneOffsetMs(start, timeZone);
  let local = start.getTime() + offset; // wall-clock time written as if it were UTC
  let left = minutes * 60_000;
  for (let guard = 0; guard < 1000; guard++) {
    const day = Math.floor(local / (24 * HOUR)) * 24 * HOUR;
    const open = day + openHour * HOUR;
    const close = day + closeHour * HOUR;
    if (local < open) local = open;
    if (local >= close) { local = open + 24 * HOUR; continue; }
    if (local + left <= close) return new Date(local + left - offset);
    left -= close - local;
    local = open + 24 * HOUR;
  }
  throw new Error('opening hours never open');
}

/** Opening-hours minutes between two moments (local `openHour`–`closeHour`): how long a leader really had. */
export function openingMinutesBetween(from: Date, to: Date, timeZone: string, openHour = 8, closeHour = 22): number {
  if (to <= from) return 0;
  const HOUR = 3_600_000;
  const offset = zoneOffsetMs(from, timeZone);
  const start = from.getTime() + offset;
  const end = to.getTime() + offset;
  let total = 0;
  for (let day = Math.floor(start / (24 * HOUR)) * 24 * HOUR; day < end; day += 24 * HOUR) {
    const open = Math.max(start, day + openHour * HOUR);
    const close = Math.min(end, day + closeHour * HOUR);
    if (close > open) total += close - open;
  }
  return total / 60_000;
}

/** The calendar date (YYYY-MM-DD) an instant falls on in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
