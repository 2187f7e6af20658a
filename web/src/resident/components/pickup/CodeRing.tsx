import { useTranslation } from 'react-i18next';
import { useNow } from '../../lib/time';

/** A ring that empties until the code changes, with the seconds left in the middle. */
export function CodeRing({ deadline, stepSeconds, refreshing }: { deadline: number; stepSeconds: number; refreshing: boolean }) {
  const { t } = useTranslation('resident');
  const now = useNow(1000);
  const total = Math.max(10, stepSeconds) * 1000;
  const left = Math.max(0, deadline - now);
  const fraction = Math.min(1, left / total);
  const r = 20;
  const c = 2 * Math.PI * r;
  const seconds = Math.ceil(left / 1000);
  return (
    <div className="r-code-ring" role="timer" aria-live="off" aria-label={t('pickup.refreshIn', { s: seconds })}>
      <svg width="52" height="52" viewBox="0 0 52 52" aria-hidden="true">
        <circle cx="26" cy="26" r={r} fill="none" stroke="#f0f0f0" strokeWidth="5" />
        <circle cx="26" cy="26" r={r} fill="none" stroke="currentColor" strokeWidth="5" strokeLinecap="round"
          strokeDasharray={`${c * fraction} ${c}`} transform="rotate(-90 26 26)" style={{ transition: 'stroke-dasharray 1s linear' }} />
      </svg>
      <span className="r-code-ring-n">{refreshing && left === 0 ? '…' : seconds}</span>
    </div>
  );
}
