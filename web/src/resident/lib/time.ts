import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../shared/api';

/** Current time, re-rendering every `intervalMs` while enabled. */
export function useNow(intervalMs = 1000, enabled = true) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!enabled) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, enabled]);
  return now;
}

export function splitDuration(ms: number) {
  const total = Math.max(0, Math.floor(ms / 1000));
  return {
    days: Math.floor(total / 86400),
    hours: Math.floor((total % 86400) / 3600),
    minutes: Math.floor((total % 3600) / 60),
    seconds: total % 60,
  };
}

export const pad2 = (n: number) => String(n).padStart(2, '0');

/** The BCP-47 tag for Intl formatting in the current UI language. */
export function useLocaleTag() {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en-US' : 'zh-CN';
}

function dayKey(iso: string, timeZone: string) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

function clock(iso: string, timeZone: string, locale: string) {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}

/** Whole days from today to the day of `iso`, both in the community's zone (0 = today, 1 = tomorrow). */
function daysFromToday(iso: string, timeZone: string) {
  const a = Date.parse(dayKey(new Date().toISOString(), timeZone));
  const b = Date.parse(dayKey(iso, timeZone));
  return Math.round((b - a) / 86_400_000);
}

/** Formatting of times in a community's time zone, in the UI language. */
export function useTimeFormat(timeZone = 'Asia/Shanghai') {
  const locale = useLocaleTag();
  const { t } = useTranslation('resident');
  /** 「明天 11/26 20:00」: today/tomorrow/the day after are named, the rest is the plain date. */
  const time = (iso: string) => {
    const d = daysFromToday(iso, timeZone);
    const base = formatTime(iso, timeZone, locale);
    const label = d >= -1 && d <= 2 ? t(`day.${d === -1 ? 'yesterday' : d === 0 ? 'today' : d === 1 ? 'tomorrow' : 'dayAfter'}`) : '';
    return label ? `${label} ${base}` : base;
  };
  return {
    time,
    /** "明天 11/27 10:00–19:00", or both ends in full when the window spans days. */
    window: (start: string, end: string) =>
      dayKey(start, timeZone) === dayKey(end, timeZone)
        ? `${time(start)}–${clock(end, timeZone, locale)}`
        : `${time(start)} – ${time(end)}`,
    /** "20:00" */
    clock: (iso: string) => clock(iso, timeZone, locale),
    /** "11月25日" / "Nov 25" — a day, without the time. */
    date: (iso: string) => new Intl.DateTimeFormat(locale, { timeZone, month: locale === 'zh-CN' ? 'long' : 'short', day: 'numeric' }).format(new Date(iso)),
    /** "20:00" when it is today, otherwise "11月26日 20:00". */
    short: (iso: string) =>
      dayKey(iso, timeZone) === dayKey(new Date().toISOString(), timeZone) ? clock(iso, timeZone, locale) : formatTime(iso, timeZone, locale),
  };
}

/** 「刚刚」「5 分钟前」「3 小时前」, then the community-zone time like 「11月24日 18:01」. */
export function useAgo(timeZone = 'Asia/Shanghai') {
  const { t } = useTranslation('resident');
  const fmt = useTimeFormat(timeZone);
  return (iso: string, now = Date.now()) => {
    const ms = now - new Date(iso).getTime();
    if (ms < 60_000) return t('feed.ago.justNow');
    if (ms < 3_600_000) return t('feed.ago.minutes', { n: Math.floor(ms / 60_000) });
    if (ms < 6 * 3_600_000) return t('feed.ago.hours', { n: Math.floor(ms / 3_600_000) });
    return fmt.time(iso);
  };
}
