export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Formats an instant in a community's time zone, e.g. "11月25日 20:00". */
export function formatInZone(date: Date, timeZone: string, locale = 'zh-CN'): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(date);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
