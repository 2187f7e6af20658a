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

/** Formatting of times in a community's time zone, in the UI language. */
export function useTimeFormat(timeZone = 'Asia/Shanghai') {
  const locale = useLocaleTag();
  return {
    /** "11月26日 20:00" */
    time: (iso: string) => formatTime(iso, timeZone, locale),
    /** "11月27日 10:00–19:00", or both ends in full when the window spans days. */
    window: (start: string, end: string) =>
      dayKey(start, timeZone) === dayKey(end, timeZone)
        ? `${formatTime(start, timeZone, locale)}–${clock(end, timeZone, locale)}`
        : `${formatTime(start, timeZone, locale)} – ${formatTime(end, timeZone, locale)}`,
    /** "20:00" */
    clock: (iso: string) => clock(iso, timeZone, locale),
  };
}
