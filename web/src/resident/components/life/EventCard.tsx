import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLocaleTag, useTimeFormat } from '../../lib/time';
import type { LifeEvent } from '../../lib/life';
import { EventKindTag } from './KindTag';
import { ClockIcon, PinIcon, PlayIcon } from '../icons';

/** 「还剩 3 个名额」 / 「已满，可排队候补」 — or nothing to say once it is over. */
export function SeatsText({ ev }: { ev: LifeEvent }) {
  const { t } = useTranslation('resident');
  if (ev.state === 'cancelled' || ev.state === 'ended') return null;
  if (ev.spotsLeft > 0) return <span className={ev.spotsLeft <= 3 ? 'r-seats r-seats-few' : 'r-seats'} data-testid="event-seats">{t('events.spotsLeft', { count: ev.spotsLeft })}</span>;
  return <span className="r-seats r-seats-full" data-testid="event-seats">{t('events.full')}</span>;
}

/** Her own place: 已报名 / 候补第 2 位 / 已签到. */
export function MySignupBadge({ ev, big }: { ev: LifeEvent; big?: boolean }) {
  const { t } = useTranslation('resident');
  const s = ev.mySignup;
  if (!s) return null;
  const state = s.checkedInAt ? 'checkedIn' : s.status;
  const text = s.checkedInAt ? t('events.my.checkedIn') : s.status === 'waitlisted' ? t('events.my.waitlisted', { n: s.waitlistPosition ?? '?' }) : t('events.my.confirmed');
  return <span className={`r-my-signup r-my-signup-${state}${big ? ' r-my-signup-big' : ''}`} data-testid="event-my-status" data-status={state}>{text}</span>;
}

/** One event in a list: a date block, what, when, where, seats and her status. */
export function EventCard({ ev, timeZone }: { ev: LifeEvent; timeZone: string }) {
  const { t } = useTranslation('resident');
  const fmt = useTimeFormat(timeZone);
  const locale = useLocaleTag();
  const start = new Date(ev.startsAt);
  const month = new Intl.DateTimeFormat(locale, { timeZone, month: 'short' }).format(start);
  const day = new Intl.DateTimeFormat('en-US', { timeZone, day: 'numeric' }).format(start);
  const online = ev.kind === 'online' || ev.kind === 'livestream';
  return (
    <Link to={`/events/${ev.id}`} className={`r-ev-card r-ev-${ev.state}`} data-testid="event-card" data-state={ev.state}>
      <div className="r-ev-date" aria-hidden="true"><span>{month}</span><b>{day}</b></div>
      <div className="r-ev-text">
        <div className="r-ev-head">
          <EventKindTag kind={ev.kind} />
          {ev.state !== 'upcoming' && <span className={`r-ev-state r-ev-state-${ev.state}`}>{t(`events.state.${ev.state}`)}</span>}
        </div>
        <div className="r-ev-title">{ev.title}</div>
        <div className="r-ev-line"><ClockIcon size={14} />{fmt.window(ev.startsAt, ev.endsAt)}</div>
        <div className="r-ev-line r-ellipsis">{online ? <PlayIcon size={14} /> : <PinIcon size={14} />}{online ? t(ev.kind === 'livestream' ? 'events.livestreamPlace' : 'events.onlinePlace') : ev.place}</div>
        <div className="r-ev-foot">
          <SeatsText ev={ev} />
          <MySignupBadge ev={ev} />
        </div>
      </div>
    </Link>
  );
}
