import { Button, Dialog, ProgressBar, Skeleton, Toast } from 'antd-mobile';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import type { Me } from '../../shared/types';
import { isUuid, useCommunity } from '../lib/api';
import { useEvent, type LifeEvent } from '../lib/life';
import { useTimeFormat } from '../lib/time';
import { ErrorView } from '../components/ErrorView';
import { MobilePage, useTitle } from '../components/Page';
import { PhotoStrip } from '../components/Endorsement';
import { EventKindTag } from '../components/life/KindTag';
import { MySignupBadge, SeatsText } from '../components/life/EventCard';
import { ChevronRight, ClockIcon, PinIcon, PlayIcon, QrIcon, UsersIcon } from '../components/icons';
import { NotFound } from './NotFound';
import { eventKeys } from '../../shared/query-keys';
import { VisitsSection } from '../campaign/VisitsSection';

/** /events/:id — one event: when, where (or the stream), seats, her place, 报名 / 取消报名, photos afterwards. */
export default function EventDetailPage() {
  const { id } = useParams();
  if (!isUuid(id)) return <NotFound />;
  return <RequireLogin>{(me) => <EventDetail me={me} id={id} />}</RequireLogin>;
}

function EventDetail({ me, id }: { me: Me; id: string }) {
  const { t, i18n } = useTranslation('resident');
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const query = useEvent(id);
  const ev = query.data;
  const community = useCommunity(ev?.communityId ?? undefined);
  const timeZone = community.data?.timeZone ?? me.communities.find((c) => c.id === ev?.communityId)?.timeZone ?? 'Asia/Shanghai';
  const fmt = useTimeFormat(timeZone);
  useTitle(ev?.title ?? t('events.detailTitle'));

  const done = (res: LifeEvent) => {
    queryClient.setQueryData(eventKeys.detail(id), res);
    void queryClient.invalidateQueries({ queryKey: eventKeys.lists() });
  };
  const fail = (err: unknown) => {
    Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('events.failed'), duration: 3000 });
    void query.refetch();
  };
  const signup = useMutation({
    mutationFn: () => api<LifeEvent>(`/api/events/${id}/signup`, { method: 'POST' }),
    onSuccess: (res) => {
      done(res);
      if (res.mySignup?.status === 'waitlisted') Toast.show({ content: t('events.waitlistedToast', { n: res.mySignup.waitlistPosition ?? '?' }), duration: 3000 });
      else Toast.show({ icon: 'success', content: t('events.signedUpToast') });
    },
    onError: fail,
  });
  const cancel = useMutation({
    mutationFn: () => api<LifeEvent>(`/api/events/${id}/cancel-signup`, { method: 'POST' }),
    onSuccess: (res) => { done(res); Toast.show({ icon: 'success', content: t('events.cancelDone') }); },
    onError: fail,
  });
  const confirmCancel = async () => {
    const waiting = ev?.mySignup?.status === 'waitlisted';
    const ok = await Dialog.confirm({
      title: t(waiting ? 'events.cancelWaitTitle' : 'events.cancelTitle'),
      content: t(waiting ? 'events.cancelWaitText' : 'events.cancelText'),
      confirmText: t(waiting ? 'events.cancelWait' : 'events.cancel'),
      cancelText: t('events.keep'),
    });
    if (ok) cancel.mutate();
  };

  const back = ev?.communityId ? `/c/${ev.communityId}?view=events` : ev?.campaign ? `/campaigns/${ev.campaign.slug}` : '/';
  if (query.isError) return <MobilePage title={t('events.detailTitle')} back={back}><ErrorView error={query.error} onRetry={() => query.refetch()} /></MobilePage>;
  if (!ev) {
    return (
      <MobilePage title={t('events.detailTitle')} back={back}>
        <div className="r-card" aria-busy="true"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={5} animated /></div>
      </MobilePage>
    );
  }

  const online = ev.kind === 'online' || ev.kind === 'livestream';
  const open = ev.state === 'upcoming';
  const s = ev.mySignup;
  const organizerLeader = ev.organizer ? community.data?.leaders.find((l) => l.name === ev.organizer!.name) : undefined;
  const pct = ev.capacity > 0 ? Math.min(100, Math.round((ev.confirmed / ev.capacity) * 100)) : 0;

  return (
    <MobilePage title={t('events.detailTitle')} back={back} className="r-event-detail">
      <header className={`r-ev-hero r-ev-hero-${ev.kind} r-ev-hero-${ev.state}`}>
        <div className="r-ev-hero-tags">
          <EventKindTag kind={ev.kind} />
          <span className={`r-ev-state r-ev-state-${ev.state}`} data-testid="event-state">{t(`events.state.${ev.state}`)}</span>
        </div>
        <h1 className="r-ev-hero-title" data-testid="event-title">{ev.title}</h1>
        {ev.campaign && <div className="r-ev-hero-campaign" data-testid="event-campaign">{t('visits.campaignOf', { name: lang === 'en' ? ev.campaign.nameEn : ev.campaign.nameZh })}</div>}
        <div className="r-ev-hero-time"><ClockIcon size={16} />{fmt.window(ev.startsAt, ev.endsAt)}</div>
      </header>

      {ev.cancelled && <div className="r-card r-ev-cancelled" role="status">{t('events.cancelledNote')}</div>}

      {s && (
        <section className={`r-card r-ev-mine r-ev-mine-${s.checkedInAt ? 'checkedIn' : s.status}`} data-testid="event-mine">
          <MySignupBadge ev={ev} big />
          <div className="r-small">
            {s.checkedInAt ? t('events.checkedInAt', { time: fmt.time(s.checkedInAt) })
              : s.status === 'waitlisted' ? t('events.waitlistHint')
                : online ? t('events.onlineHint') : t('events.checkinHint')}
          </div>
          {!s.checkedInAt && s.status === 'confirmed' && !online && !ev.cancelled && ev.state !== 'ended' && (
            <div className="r-ev-scan"><QrIcon size={18} />{t('events.scanHint')}</div>
          )}
        </section>
      )}

      <section className="r-card r-facts">
        <div className="r-fact"><span className="r-fact-label"><ClockIcon size={16} />{t('events.time')}</span><span className="r-fact-value">{fmt.window(ev.startsAt, ev.endsAt)}</span></div>
        {!online && ev.place && (
          <div className="r-fact"><span className="r-fact-label"><PinIcon size={16} />{t('events.place')}</span><span className="r-fact-value" data-testid="event-place">{ev.place}</span></div>
        )}
        {online && ev.streamUrl && !ev.cancelled && ev.state !== 'ended' && (
          <div className="r-fact">
            <span className="r-fact-label"><PlayIcon size={16} />{t(ev.kind === 'livestream' ? 'events.livestream' : 'events.online')}</span>
            <a className="r-fact-value r-ext-link" href={ev.streamUrl} target="_blank" rel="noopener noreferrer" data-testid="event-stream">{t('events.openStream')} ›</a>
          </div>
        )}
        {ev.visits && (ev.visits.supplierName || ev.visits.productName) && (
          <div className="r-fact"><span className="r-fact-label"><PinIcon size={16} />{t('visits.title')}</span><span className="r-fact-value" data-testid="event-visiting">{[ev.visits.supplierName, ev.visits.productName].filter(Boolean).join(' · ')}</span></div>
        )}
        {ev.organizer && (
          <div className="r-fact">
            <span className="r-fact-label"><UsersIcon size={16} />{t('events.organizer')}</span>
            <span className="r-fact-value">
              {organizerLeader ? (
                <Link to={`/c/${ev.communityId}/leaders/${organizerLeader.userId}`} className="r-ext-link" data-testid="leader-link">{ev.organizer.title ? `${ev.organizer.title} · ` : ''}{ev.organizer.name} ›</Link>
              ) : <>{ev.organizer.title ? `${ev.organizer.title} · ` : ''}{ev.organizer.name}</>}
            </span>
          </div>
        )}
      </section>

      {!ev.cancelled && (
        <section className="r-card r-ev-seats" data-testid="event-capacity">
          <div className="r-ev-seats-row">
            <span>{t('events.confirmedOf', { confirmed: ev.confirmed, capacity: ev.capacity })}</span>
            <SeatsText ev={ev} />
          </div>
          <ProgressBar percent={pct} style={{ '--fill-color': ev.spotsLeft > 0 ? 'var(--adm-color-primary)' : '#868e96', '--track-width': '8px' } as React.CSSProperties} />
          {ev.waitlisted > 0 && <div className="r-small r-muted r-ev-wait">{t('events.waitlistCount', { count: ev.waitlisted })}</div>}
        </section>
      )}

      <section className="r-card">
        <h2 className="r-card-title">{t('events.about')}</h2>
        <p className="r-paragraph">{ev.description}</p>
      </section>

      {(ev.photos.length > 0 || ev.replayUrl) && (
        <section className="r-card" data-testid="event-after">
          <h2 className="r-card-title">{t('events.afterTitle')}</h2>
          {ev.replayUrl && <a href={ev.replayUrl} target="_blank" rel="noopener noreferrer" className="r-replay" data-testid="event-replay"><PlayIcon size={20} />{t('events.replay')}<ChevronRight size={14} /></a>}
          <PhotoStrip urls={ev.photos} alt={ev.title} />
        </section>
      )}

      {ev.replays.length > 0 && (
        <section className="r-card" data-testid="event-replays">
          <h2 className="r-card-title">{t('visits.replaysTitle')}</h2>
          {ev.replays.map((r) => (
            <div key={r.id} className="r-visit-replay" data-testid="visit-replay">
              <p className="r-paragraph r-visit-summary">{r.summary}</p>
              {r.videoUrl && <a href={r.videoUrl} target="_blank" rel="noopener noreferrer" className="r-replay"><PlayIcon size={18} />{t('events.replay')}<ChevronRight size={14} /></a>}
              <PhotoStrip urls={r.photos} alt={ev.title} />
            </div>
          ))}
        </section>
      )}

      {/* The campaign's other source visits: upcoming ones to join, past ones to watch. */}
      {ev.campaign?.published && <VisitsSection slug={ev.campaign.slug} />}

      <div className="r-claim-spacer" />
      <div className="r-bottom-bar">
        {ev.cancelled ? (
          <Button block shape="rounded" size="large" disabled>{t('events.state.cancelled')}</Button>
        ) : s?.checkedInAt ? (
          <Button block shape="rounded" size="large" disabled color="success" fill="outline" data-testid="event-checked-in">{t('events.my.checkedIn')}</Button>
        ) : s && ev.state !== 'ended' ? (
          <Button block shape="rounded" size="large" fill="outline" loading={cancel.isPending} onClick={() => void confirmCancel()} data-testid="event-cancel">
            {t(s.status === 'waitlisted' ? 'events.cancelWait' : 'events.cancel')}
          </Button>
        ) : open ? (
          <Button block color="primary" shape="rounded" size="large" className="r-claim-submit" loading={signup.isPending} onClick={() => signup.mutate()} data-testid="event-signup">
            {ev.spotsLeft > 0 ? t('events.signup') : t('events.joinWaitlist')}
          </Button>
        ) : (
          <Button block shape="rounded" size="large" disabled>{t(ev.state === 'running' ? 'events.startedNoSignup' : 'events.endedNote')}</Button>
        )}
      </div>
    </MobilePage>
  );
}
