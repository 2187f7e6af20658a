import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Input, PullToRefresh, Tabs, Tag, TextArea, Toast } from 'antd-mobile';
import { api, formatTime } from '../shared/api';
import { EmptyState, PageError, PageLoading } from '../shared/states';
import { ActionError, Icon, LeaderPage, NotLeader, errorMessage, useLeaderOf } from './components';
import { DateTimeInput, type DateTimeValue } from './DateTimeInput';
import { DEFAULT_TZ, parsePositiveInt, zonedDate, zonedToInstant } from './lib';
import { EVENT_KINDS, textLength, type CommunityEvent, type EventKind } from './life';
import { Counter } from './lifeParts';
import { eventKeys } from '../shared/query-keys';
import { useLimits } from '../shared/limits';
import { CampaignVisitPicker, type VisitChoice } from './CampaignVisit';

type Scope = 'upcoming' | 'past';

const STATE_COLORS: Record<CommunityEvent['state'], string> = { upcoming: 'primary', running: 'success', ended: 'default', cancelled: 'default' };

export function EventStateTag({ state }: { state: CommunityEvent['state'] }) {
  const { t } = useTranslation('leader');
  return <Tag color={STATE_COLORS[state]} fill={state === 'running' ? 'solid' : 'outline'} round data-testid="event-state">{t(`life.events.state.${state}`)}</Tag>;
}

/** 「11月27日 15:00–17:00」 (or across days). */
export function useEventTime() {
  const { i18n } = useTranslation('leader');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (e: Pick<CommunityEvent, 'startsAt' | 'endsAt'>, timeZone: string) => {
    const day = (iso: string) => new Intl.DateTimeFormat(locale, { timeZone, month: 'short', day: 'numeric', weekday: 'short' }).format(new Date(iso));
    const hm = (iso: string) => new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
    return day(e.startsAt) === day(e.endsAt) ? `${day(e.startsAt)} ${hm(e.startsAt)}–${hm(e.endsAt)}` : `${day(e.startsAt)} ${hm(e.startsAt)} – ${day(e.endsAt)} ${hm(e.endsAt)}`;
  };
}

/** /leader/:communityId/events — his events, upcoming and past, and the way to announce one. */
export function EventsPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <Events communityId={communityId} timeZone={community.timeZone || DEFAULT_TZ} />;
}

function Events({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t } = useTranslation('leader');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const scope: Scope = params.get('scope') === 'past' ? 'past' : 'upcoming';
  const base = `/leader/${communityId}`;
  const when = useEventTime();
  const list = useQuery({
    queryKey: eventKeys.list(communityId, scope),
    queryFn: () => api<{ items: CommunityEvent[] }>(`/api/communities/${communityId}/events?scope=${scope}`),
    refetchInterval: 30_000,
  });

  let body;
  if (list.isPending) body = <PageLoading />;
  else if (list.isError) body = <PageError error={list.error} onRetry={() => list.refetch()} />;
  else if (list.data.items.length === 0) body = <EmptyState title={scope === 'upcoming' ? t('life.events.emptyUpcoming') : t('life.events.emptyPast')} description={scope === 'upcoming' ? t('life.events.emptyHint') : ''} />;
  else body = (
    <div className="post-list">
      {list.data.items.map((e) => {
        const go = () => navigate(`${base}/events/${e.id}`);
        return (
          <article key={e.id} className={`event-card${e.cancelled ? ' cancelled' : ''}`} data-testid="event-row" role="link" tabIndex={0} onClick={go} onKeyDown={(k) => { if (k.key === 'Enter') go(); }}>
            <div className="event-card-head">
              <span className={`event-kind kind-${e.kind}`}>{t(`life.events.kinds.${e.kind}`)}</span>
              <EventStateTag state={e.state} />
            </div>
            <div className="event-card-title">{e.title}</div>
            <div className="event-card-line"><Icon.clock /> {when(e, timeZone)}</div>
            {e.place && <div className="event-card-line"><Icon.pin /> {e.place}</div>}
            <div className="event-card-foot">
              <span>{t('life.events.signedUp', { n: e.confirmed, cap: e.capacity })}</span>
              {e.waitlisted > 0 && <span className="muted">{t('life.events.waitlisted', { n: e.waitlisted })}</span>}
              <span className="claim-card-go" aria-hidden="true">›</span>
            </div>
          </article>
        );
      })}
    </div>
  );

  return (
    <LeaderPage title={t('life.events.navTitle')} communityId={communityId} back={base}>
      <PullToRefresh onRefresh={async () => { await list.refetch(); }}>
        <div className="pad-block">
          <Button block color="primary" size="large" onClick={() => navigate(`${base}/events/new`)} data-testid="event-new">＋ {t('life.events.new')}</Button>
        </div>
        <Tabs activeKey={scope} onChange={(k) => setParams(k === 'past' ? { scope: 'past' } : {}, { replace: true })} className="leader-tabs">
          <Tabs.Tab key="upcoming" title={t('life.events.upcoming')} />
          <Tabs.Tab key="past" title={t('life.events.past')} />
        </Tabs>
        {body}
      </PullToRefresh>
    </LeaderPage>
  );
}

/** /leader/:communityId/events/new — announce an event: kind, name, words, time, place or link, capacity. */
export function EventNewPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <EventForm communityId={communityId} timeZone={community.timeZone || DEFAULT_TZ} defaultPlace={community.pickupPointName} />;
}

function EventForm({ communityId, timeZone, defaultPlace }: { communityId: string; timeZone: string; defaultPlace: string }) {
  const { t, i18n } = useTranslation('leader');
  const limits = useLimits().events;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const tomorrow = zonedDate(new Date(), 1, timeZone);
  const [kind, setKind] = useState<EventKind>('offline');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [starts, setStarts] = useState<DateTimeValue>({ date: tomorrow, time: '15:00' });
  const [ends, setEnds] = useState<DateTimeValue>({ date: tomorrow, time: '17:00' });
  const [place, setPlace] = useState(defaultPlace);
  const [capacity, setCapacity] = useState('20');
  const [streamUrl, setStreamUrl] = useState('');
  const [visit, setVisit] = useState<VisitChoice>(null);
  const [tried, setTried] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);

  const startsAt = zonedToInstant(starts.date, starts.time, timeZone);
  const endsAt = zonedToInstant(ends.date, ends.time, timeZone);
  const needsPlace = kind === 'offline' || kind === 'welfare';
  const hasLink = kind === 'online' || kind === 'livestream';
  const cap = parsePositiveInt(capacity);
  const errors: Partial<Record<'title' | 'description' | 'starts' | 'ends' | 'place' | 'capacity' | 'streamUrl' | 'visit', string>> = {};
  const titleN = textLength(title);
  const descN = textLength(description);
  if (titleN < limits.titleMin || titleN > limits.titleMax) errors.title = t('life.eventForm.errors.title');
  if (descN < limits.descriptionMin || descN > limits.descriptionMax) errors.description = t('life.eventForm.errors.description');
  if (!startsAt || startsAt.getTime() <= Date.now()) errors.starts = t('life.eventForm.errors.startsPast');
  if (!endsAt || (startsAt && endsAt.getTime() <= startsAt.getTime())) errors.ends = t('life.eventForm.errors.endsBefore');
  else if (startsAt && endsAt.getTime() - startsAt.getTime() > 7 * 86_400_000) errors.ends = t('life.eventForm.errors.tooLong');
  if (needsPlace && textLength(place) < 2) errors.place = t('life.eventForm.errors.place');
  if (cap === null || cap > 10_000) errors.capacity = t('life.eventForm.errors.capacity');
  const url = streamUrl.trim();
  if (url && !/^https?:\/\/\S{3,500}$/.test(url)) errors.streamUrl = t('life.eventForm.errors.url');
  else if (kind === 'livestream' && !url) errors.streamUrl = t('life.eventForm.errors.streamRequired');
  if (visit && !visit.productId && !visit.supplierId) errors.visit = t('life.visit.pickSource');
  const show = (k: keyof typeof errors) => (tried ? errors[k] : undefined);

  const create = useMutation({
    mutationFn: () => api<CommunityEvent>(`/api/communities/${communityId}/events`, {
      body: {
        kind, title: title.trim(), description: description.trim(), startsAt: startsAt!.toISOString(), endsAt: endsAt!.toISOString(),
        ...(needsPlace || place.trim() ? { place: place.trim() } : {}), capacity: cap!, ...(hasLink && url ? { streamUrl: url } : { streamUrl: null }), visit,
      },
    }),
    onSuccess: async (e) => {
      queryClient.setQueryData(eventKeys.detail(e.id), e);
      await queryClient.invalidateQueries({ queryKey: eventKeys.community(communityId) });
      Toast.show({ icon: 'success', content: t('life.eventForm.created') });
      navigate(`/leader/${communityId}/events/${e.id}`, { replace: true });
    },
    onError: (err) => setServerError(errorMessage(err)),
  });
  const submit = () => {
    setTried(true);
    setServerError(null);
    if (Object.keys(errors).length) { Toast.show({ content: t('life.compose.fixErrors') }); return; }
    create.mutate();
  };

  return (
    <LeaderPage title={t('life.eventForm.navTitle')} communityId={communityId} back={`/leader/${communityId}/events`}>
      <section className="compose-kinds">
        <div className="compose-step">{t('life.eventForm.kind')}</div>
        <div className="kind-grid">
          {EVENT_KINDS.map((k) => (
            <button type="button" key={k} className={`kind-card${kind === k ? ' on' : ''}`} onClick={() => setKind(k)} aria-pressed={kind === k} data-testid={`event-kind-${k}`}>
              <span className="kind-card-name">{t(`life.events.kinds.${k}`)}</span>
              <span className="kind-card-hint">{t(`life.eventForm.kindHints.${k}`)}</span>
            </button>
          ))}
        </div>
      </section>
      <section className="compose-form">
        <label className="field">
          <span className="field-label">{t('life.eventForm.title')}<Counter n={titleN} max={limits.titleMax} min={limits.titleMin} /></span>
          <Input value={title} onChange={setTitle} placeholder={t('life.eventForm.titlePlaceholder')} maxLength={50} clearable data-testid="event-title" />
          {show('title') && <span className="field-error">{show('title')}</span>}
        </label>
        <label className="field">
          <span className="field-label">{t('life.eventForm.description')}<Counter n={descN} max={limits.descriptionMax} min={limits.descriptionMin} /></span>
          <TextArea value={description} onChange={setDescription} placeholder={t('life.eventForm.descriptionPlaceholder')} autoSize={{ minRows: 4, maxRows: 10 }} data-testid="event-description" />
          {show('description') && <span className="field-error">{show('description')}</span>}
        </label>
        <div className="field">
          <span className="field-label">{t('life.eventForm.startsAt')}</span>
          <DateTimeInput value={starts} onChange={(v) => {
            // A one-day event moves its end along with the start's day.
            setStarts(v);
            if (v.date !== starts.date && ends.date === starts.date) setEnds({ date: v.date, time: ends.time });
          }} testId="event-starts" title={t('life.eventForm.startsAt')} />
          {show('starts') && <span className="field-error">{show('starts')}</span>}
        </div>
        <div className="field">
          <span className="field-label">{t('life.eventForm.endsAt')}</span>
          <DateTimeInput value={ends} onChange={setEnds} testId="event-ends" title={t('life.eventForm.endsAt')} />
          {show('ends') && <span className="field-error">{show('ends')}</span>}
          {startsAt && endsAt && !errors.ends && <span className="field-hint">{t('life.eventForm.timeHint', { from: formatTime(startsAt, timeZone, locale), to: formatTime(endsAt, timeZone, locale) })}</span>}
        </div>
        <label className="field">
          <span className="field-label">{needsPlace ? t('life.eventForm.place') : t('life.eventForm.placeOptional')}</span>
          <Input value={place} onChange={setPlace} placeholder={t('life.eventForm.placePlaceholder')} maxLength={200} clearable data-testid="event-place" />
          {show('place') && <span className="field-error">{show('place')}</span>}
        </label>
        {hasLink && (
          <label className="field">
            <span className="field-label">{kind === 'livestream' ? t('life.eventForm.streamUrl') : t('life.eventForm.streamUrlOptional')}</span>
            <Input value={streamUrl} onChange={setStreamUrl} placeholder="https://" inputMode="url" maxLength={500} clearable data-testid="event-stream-url" />
            {show('streamUrl') && <span className="field-error">{show('streamUrl')}</span>}
          </label>
        )}
        <label className="field">
          <span className="field-label">{t('life.eventForm.capacity')}</span>
          <Input value={capacity} onChange={setCapacity} inputMode="numeric" maxLength={5} clearable data-testid="event-capacity" />
          <span className="field-hint">{t('life.eventForm.capacityHint')}</span>
          {show('capacity') && <span className="field-error">{show('capacity')}</span>}
        </label>
        <CampaignVisitPicker value={visit} onChange={setVisit} error={show('visit')} />
        <ActionError message={serverError} />
        <Button block color="primary" size="large" loading={create.isPending} onClick={submit} data-testid="event-submit">{t('life.eventForm.submit')}</Button>
        <p className="section-hint compose-who">{t('life.eventForm.whoSees')}</p>
      </section>
    </LeaderPage>
  );
}

