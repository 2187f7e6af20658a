import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { pad2, splitDuration, useNow } from '../lib/time';

export type CountdownKind = 'cutoff' | 'opens' | 'pay';

/**
 * 「距截单 1天 03:12:09」 — ticks every second. `onEnd` fires once when it reaches zero, so the
 * page can refetch and show the new state.
 */
export function Countdown({ to, kind, onEnd, variant = 'inline' }: { to: string; kind: CountdownKind; onEnd?: () => void; variant?: 'inline' | 'boxes' }) {
  const { t } = useTranslation('resident');
  const now = useNow(1000);
  const left = new Date(to).getTime() - now;
  const ended = left <= 0;
  const fired = useRef(false);
  useEffect(() => {
    if (ended && !fired.current) {
      fired.current = true;
      onEnd?.();
    }
  }, [ended, onEnd]);

  if (ended) return <span className="r-countdown r-countdown-ended">{t(`countdown.ended.${kind}`)}</span>;
  const { days, hours, minutes, seconds } = splitDuration(left);
  if (variant === 'boxes') {
    return (
      <span className="r-countdown-boxes" role="timer" aria-live="off">
        {days > 0 && <span className="r-cd-days">{t('countdown.days', { n: days })}</span>}
        <b>{pad2(hours)}</b>:<b>{pad2(minutes)}</b>:<b>{pad2(seconds)}</b>
      </span>
    );
  }
  return (
    <span className="r-countdown" role="timer" aria-live="off">
      {t(`countdown.${kind}`)} {days > 0 ? `${t('countdown.days', { n: days })} ` : ''}
      <span className="r-countdown-clock">{pad2(hours)}:{pad2(minutes)}:{pad2(seconds)}</span>
    </span>
  );
}
