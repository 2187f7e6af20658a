import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, ImageUploader, Input, TextArea, Toast, type ImageUploadItem } from 'antd-mobile';
import QRCode from 'qrcode';
import { api } from '../shared/api';
import { PageError, PageLoading } from '../shared/states';
import { ActionError, Icon, LeaderPage, NotLeader, errorMessage, useLeaderOf } from './components';
import { DEFAULT_TZ, postForm } from './lib';
import { checkInUrl, textLength, type Attendee, type CommunityEvent } from './life';
import { LifeIcon, PhotoGrid, PlainText, usePhotoPicking } from './lifeParts';
import { EventStateTag, useEventTime } from './EventsPage';
import { eventKeys } from '../shared/query-keys';
import { useLimits } from '../shared/limits';
import { CampaignLine, Replays } from './CampaignVisit';

function useEvent(eventId: string) {
  return useQuery({ queryKey: eventKeys.detail(eventId), queryFn: () => api<CommunityEvent>(`/api/events/${eventId}`), refetchInterval: 30_000 });
}

function useAttendees(eventId: string, intervalMs: number) {
  return useQuery({
    queryKey: eventKeys.attendees(eventId),
    queryFn: () => api<{ items: Attendee[] }>(`/api/events/${eventId}/attendees`),
    refetchInterval: intervalMs,
    refetchIntervalInBackground: true,
  });
}

/** The check-in QR as a data URL (drawn in the browser; the token never leaves the page). */
function useQr(text: string | null) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    if (!text) { setUrl(null); return; }
    void QRCode.toDataURL(text, { margin: 1, width: 640, errorCorrectionLevel: 'M' }).then((u) => { if (alive) setUrl(u); }).catch(() => { if (alive) setUrl(null); });
    return () => { alive = false; };
  }, [text]);
  return url;
}

/** /leader/:communityId/events/:eventId — one event: the check-in QR, who comes, cancel, photos and replay. */
export function EventPage() {
  const { communityId = '', eventId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <EventManage communityId={communityId} eventId={eventId} timeZone={community.timeZone || DEFAULT_TZ} />;
}

function EventManage({ communityId, eventId, timeZone }: { communityId: string; eventId: string; timeZone: string }) {
  const { t } = useTranslation('leader');
  const navigate = useNavigate();
  const when = useEventTime();
  const event = useEvent(eventId);
  const attendees = useAttendees(eventId, 30_000);
  const [cancelling, setCancelling] = useState(false);
  const base = `/leader/${communityId}/events`;
  const qr = useQr(event.data?.checkInToken && !event.data.cancelled && event.data.state !== 'ended' ? checkInUrl(eventId, event.data.checkInToken) : null);

  if (event.isPending) return <LeaderPage title={t('life.event.navTitle')} communityId={communityId} back={base}><PageLoading /></LeaderPage>;
  if (event.isError) return <LeaderPage title={t('life.event.navTitle')} communityId={communityId} back={base}><PageError error={event.error} onRetry={() => event.refetch()} /></LeaderPage>;
  const e = event.data;
  const checkedIn = attendees.data?.items.filter((a) => a.checkedInAt).length ?? 0;
  const started = e.state === 'running' || e.state === 'ended';

  return (
    <LeaderPage title={t('life.event.navTitle')} communityId={communityId} back={base}>
      {e.cancelled && <div className="event-cancelled-banner" data-testid="event-cancelled">{t('life.event.cancelledBanner')}</div>}
      <section className="card-block event-head">
        <div className="event-card-head">
          <span className={`event-kind kind-${e.kind}`}>{t(`life.events.kinds.${e.kind}`)}</span>
          <EventStateTag state={e.state} />
        </div>
        <h2 className="event-title">{e.title}</h2>
        <CampaignLine event={e} />
        <div className="event-card-line"><Icon.clock /> {when(e, timeZone)}</div>
        {e.place && <div className="event-card-line"><Icon.pin /> {e.place}</div>}
        {e.streamUrl && <div className="event-card-line"><LifeIcon.link /> <a href={e.streamUrl} target="_blank" rel="noopener noreferrer" className="plain-link">{e.streamUrl}</a></div>}
        <PlainText text={e.description} className="event-description" />
        <div className="stats-row event-stats">
          <div><strong>{e.confirmed}/{e.capacity}</strong><span>{t('life.event.statConfirmed')}</span></div>
          <div><strong>{e.waitlisted}</strong><span>{t('life.event.statWaitlisted')}</span></div>
          <div><strong data-testid="checked-in-count">{checkedIn}</strong><span>{t('life.event.statCheckedIn')}</span></div>
          <div><strong>{e.spotsLeft}</strong><span>{t('life.event.statLeft')}</span></div>
        </div>
      </section>

      {qr && e.checkInToken && (
        <section className="card-block qr-card">
          <h3 className="block-title">{t('life.event.qrTitle')}</h3>
          <img src={qr} alt={t('life.checkIn.qrAlt')} className="event-qr-small" data-testid="event-qr" />
          <div className="qr-hint">{t('life.checkIn.scanHint')}</div>
          <div className="section-hint flush center">{t('life.event.qrWindow')}</div>
          <Button block color="primary" size="large" onClick={() => navigate(`${base}/${eventId}/check-in`)} data-testid="event-qr-open">
            <LifeIcon.qr /> {t('life.event.qrOpen')}
          </Button>
        </section>
      )}

      <section className="card-block">
        <h3 className="block-title">{t('life.event.attendees', { n: attendees.data?.items.length ?? 0 })}<span className="block-title-extra">{t('life.event.autoRefresh')}</span></h3>
        <AttendeeList attendees={attendees} timeZone={timeZone} />
      </section>

      {e.campaign && !e.cancelled && <Replays event={e} />}
      {started && !e.cancelled && !e.campaign && <Aftermath event={e} />}

      {!e.cancelled && e.state !== 'ended' && (
        <div className="pad-block">
          <Button block fill="outline" color="danger" size="large" onClick={() => setCancelling(true)} data-testid="event-cancel">{t('life.event.cancel')}</Button>
          <div className="section-hint flush">{t('life.event.cancelHint')}</div>
        </div>
      )}
      <CancelDialog visible={cancelling} event={e} communityId={communityId} onClose={() => setCancelling(false)} />
    </LeaderPage>
  );
}

function AttendeeList({ attendees, timeZone, big }: { attendees: ReturnType<typeof useAttendees>; timeZone: string; big?: boolean }) {
  const { t, i18n } = useTranslation('leader');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  if (attendees.isPending) return <div className="center-muted">{t('loadingMore')}</div>;
  if (attendees.isError) return <ActionError message={errorMessage(attendees.error)} />;
  if (attendees.data.items.length === 0) return <div className="section-hint flush">{t('life.event.noAttendees')}</div>;
  // Checked in first (newest at the top), then the confirmed still to come, then the waitlist.
  const rank = (a: Attendee) => (a.checkedInAt ? 0 : a.status === 'confirmed' ? 1 : 2);
  const items = [...attendees.data.items].sort((a, b) => rank(a) - rank(b) || (b.checkedInAt ?? '').localeCompare(a.checkedInAt ?? '') || a.signedUpAt.localeCompare(b.signedUpAt));
  return (
    <ul className={`attendee-list${big ? ' big' : ''}`}>
      {items.map((a) => (
        <li key={a.userId} className={`attendee${a.checkedInAt ? ' in' : ''}${a.status === 'waitlisted' ? ' waiting' : ''}`} data-testid="attendee-row" data-checked-in={a.checkedInAt ? 'true' : 'false'}>
          <span className={`attendee-tick${a.checkedInAt ? ' on' : ''}`} aria-label={a.checkedInAt ? t('life.event.checkedIn') : t('life.event.notYet')}>{a.checkedInAt ? <LifeIcon.check /> : null}</span>
          <span className="attendee-name">{a.name}</span>
          <span className="attendee-status">
            {a.checkedInAt ? t('life.event.checkedInAt', { time: new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(a.checkedInAt)) })
              : a.status === 'waitlisted' ? t('life.event.waitlist') : t('life.event.notYet')}
          </span>
        </li>
      ))}
    </ul>
  );
}

function CancelDialog({ visible, event, communityId, onClose }: { visible: boolean; event: CommunityEvent; communityId: string; onClose: () => void }) {
  const { t } = useTranslation('leader');
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { if (visible) { setReason(''); setError(null); } }, [visible]);
  const cancel = useMutation({
    mutationFn: () => api<CommunityEvent>(`/api/events/${event.id}/cancel`, { body: { reason: reason.trim() } }),
    onSuccess: async (e) => {
      queryClient.setQueryData(eventKeys.detail(e.id), e);
      await queryClient.invalidateQueries({ queryKey: eventKeys.community(communityId) });
      Toast.show({ icon: 'success', content: t('life.event.cancelled') });
      onClose();
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const submit = () => {
    const n = textLength(reason);
    if (n < 2 || n > 200) { setError(t('life.event.reasonRule')); return; }
    cancel.mutate();
  };
  return (
    <Dialog visible={visible} onClose={onClose} closeOnMaskClick title={t('life.event.cancelTitle', { title: event.title })}
      content={
        <div className="hide-dialog">
          <p className="hide-warning">{t('life.event.cancelWarning', { n: event.confirmed + event.waitlisted })}</p>
          <TextArea value={reason} onChange={(v) => { setReason(v); setError(null); }} placeholder={t('life.event.reasonPlaceholder')} maxLength={200} showCount
            autoSize={{ minRows: 2, maxRows: 5 }} data-testid="cancel-reason" />
          <ActionError message={error} />
          <div className="dialog-buttons">
            <Button block onClick={onClose}>{t('life.event.keep')}</Button>
            <Button block color="danger" loading={cancel.isPending} onClick={submit} data-testid="cancel-confirm">{t('life.event.cancelConfirm')}</Button>
          </div>
        </div>
      }
    />
  );
}

/** After the start: photos of the day and a replay link, for the neighbours who could not come. */
function Aftermath({ event }: { event: CommunityEvent }) {
  const { t } = useTranslation('leader');
  const maxPhotos = useLimits().events.photos;
  const queryClient = useQueryClient();
  const [replay, setReplay] = useState(event.replayUrl ?? '');
  const [photos, setPhotos] = useState<ImageUploadItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const { beforeUpload, upload } = usePhotoPicking();
  const room = maxPhotos - event.photos.length;
  const save = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.append('replayUrl', replay.trim());
      for (const p of photos) {
        const f = p.extra as File | undefined;
        if (f) form.append('photos', f, f.name);
      }
      return postForm<CommunityEvent>(`/api/events/${event.id}/aftermath`, form);
    },
    onSuccess: (e) => {
      queryClient.setQueryData(eventKeys.detail(e.id), e);
      setPhotos([]);
      Toast.show({ icon: 'success', content: t('life.event.aftermathSaved') });
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const submit = () => {
    setError(null);
    const url = replay.trim();
    if (url && !/^https?:\/\/\S{3,500}$/.test(url)) { setError(t('life.eventForm.errors.url')); return; }
    if (!url && photos.length === 0 && !event.replayUrl) { setError(t('life.event.aftermathEmpty')); return; }
    save.mutate();
  };
  return (
    <section className="card-block" data-testid="aftermath">
      <h3 className="block-title">{t('life.event.aftermathTitle')}</h3>
      <div className="section-hint flush">{t('life.event.aftermathHint')}</div>
      {event.photos.length > 0 && <PhotoGrid urls={event.photos} />}
      {event.replayUrl && <div className="event-card-line"><LifeIcon.link /> <a href={event.replayUrl} target="_blank" rel="noopener noreferrer" className="plain-link">{event.replayUrl}</a></div>}
      <label className="field">
        <span className="field-label">{t('life.event.replayUrl')}</span>
        <Input value={replay} onChange={setReplay} placeholder="https://" inputMode="url" maxLength={500} clearable data-testid="aftermath-replay" />
      </label>
      {room > 0 && (
        <div className="field">
          <span className="field-label">{t('life.event.addPhotos', { n: room })}</span>
          <ImageUploader value={photos} onChange={setPhotos} accept="image/jpeg,image/png,image/webp" multiple maxCount={room} beforeUpload={beforeUpload} upload={upload}
            data-testid="aftermath-photos" onCountExceed={(n) => Toast.show({ content: t('life.photos.tooMany', { max: room, n }) })} />
        </div>
      )}
      <ActionError message={error} />
      <Button block color="primary" size="large" loading={save.isPending} onClick={submit} data-testid="aftermath-submit">{t('life.event.aftermathSave')}</Button>
    </section>
  );
}

/**
 * /leader/:communityId/events/:eventId/check-in — the phone held up at the venue: a big QR that
 * neighbours scan to check in, and the list ticking as they do (every 10 seconds).
 */
export function EventCheckInPage() {
  const { communityId = '', eventId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <CheckIn communityId={communityId} eventId={eventId} timeZone={community.timeZone || DEFAULT_TZ} />;
}

function CheckIn({ communityId, eventId, timeZone }: { communityId: string; eventId: string; timeZone: string }) {
  const { t } = useTranslation('leader');
  const when = useEventTime();
  const event = useEvent(eventId);
  const attendees = useAttendees(eventId, 10_000);
  const token = event.data?.checkInToken ?? null;
  const qr = useQr(token ? checkInUrl(eventId, token) : null);
  const back = `/leader/${communityId}/events/${eventId}`;
  if (event.isPending) return <LeaderPage title={t('life.checkIn.navTitle')} back={back}><PageLoading /></LeaderPage>;
  if (event.isError) return <LeaderPage title={t('life.checkIn.navTitle')} back={back}><PageError error={event.error} onRetry={() => event.refetch()} /></LeaderPage>;
  const e = event.data;
  const confirmed = attendees.data?.items.filter((a) => a.status === 'confirmed').length ?? e.confirmed;
  const checkedIn = attendees.data?.items.filter((a) => a.checkedInAt).length ?? 0;
  return (
    <LeaderPage title={t('life.checkIn.navTitle')} back={back}>
      <section className="checkin-sheet">
        <div className="checkin-title">{e.title}</div>
        <div className="checkin-when"><Icon.clock /> {when(e, timeZone)}{e.place ? ` · ${e.place}` : ''}</div>
        {e.cancelled ? (
          <div className="event-cancelled-banner">{t('life.event.cancelledBanner')}</div>
        ) : !token ? (
          <ActionError message={t('life.checkIn.noToken')} />
        ) : qr ? (
          <img src={qr} alt={t('life.checkIn.qrAlt')} className="event-qr-big" data-testid="event-qr" />
        ) : <div className="event-qr-big placeholder" />}
        {!e.cancelled && <div className="checkin-hint">{t('life.checkIn.scanHint')}</div>}
        <div className="checkin-count" data-testid="checkin-count">
          <strong>{checkedIn}</strong> / {confirmed} <span>{t('life.checkIn.countLabel')}</span>
        </div>
      </section>
      <section className="card-block">
        <h3 className="block-title">{t('life.checkIn.listTitle')}<span className="block-title-extra">{t('life.checkIn.refresh')}</span></h3>
        <AttendeeList attendees={attendees} timeZone={timeZone} big />
      </section>
    </LeaderPage>
  );
}
