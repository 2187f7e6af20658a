import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Button, Skeleton } from 'antd-mobile';
import { api } from '../../shared/api';
import type { components } from '../../shared/api-types';
import { useTimeFormat } from '../lib/time';
import { ErrorView } from '../components/ErrorView';
import { PhotoStrip } from '../components/Endorsement';
import { EventKindTag } from '../components/life/KindTag';
import { ChevronRight, ClockIcon, PinIcon, PlayIcon } from '../components/icons';
import './visits.css';

type VisitPage = components['schemas']['CampaignVisitPage'];
type Visit = VisitPage['items'][number];
type Replay = Visit['replays'][number];

/** Query keys of a campaign's source visits (its own: the section fetches for itself). */
export const campaignVisitKeys = {
  all: ['campaign-visits'] as const,
  page: (slug: string, scope: 'upcoming' | 'past', page: number) => [...campaignVisitKeys.all, slug, scope, page] as const,
};

function useVisits(slug: string, scope: 'upcoming' | 'past', page: number) {
  return useQuery({
    queryKey: campaignVisitKeys.page(slug, scope, page),
    queryFn: () => api<VisitPage>(`/api/campaigns/${encodeURIComponent(slug)}/visits?scope=${scope}&page=${page}`),
  });
}

/**
 * 溯源之旅 on a campaign's page: upcoming visits (livestreams anyone may watch, on-site visits of
 * her community) with the way to sign up or watch, and past visits with what was seen.
 * Self-contained: fetches its own data and shows loading, empty and error states.
 */
export function VisitsSection({ slug }: { slug: string }) {
  const { t } = useTranslation('resident');
  const [pastPage, setPastPage] = useState(1);
  const upcoming = useVisits(slug, 'upcoming', 1);
  const past = useVisits(slug, 'past', pastPage);

  let body;
  if (upcoming.isPending || past.isPending) {
    body = <div aria-busy="true"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={4} animated /></div>;
  } else if (upcoming.isError || past.isError) {
    body = <ErrorView error={upcoming.error ?? past.error} onRetry={() => { void upcoming.refetch(); void past.refetch(); }} />;
  } else if (upcoming.data.total === 0 && past.data.total === 0) {
    body = (
      <div className="r-visits-empty" data-testid="visits-empty">
        <div className="r-visits-empty-title">{t('visits.emptyTitle')}</div>
        <div className="r-small r-muted">{t('visits.emptyHint')}</div>
      </div>
    );
  } else {
    const pages = Math.ceil(past.data.total / past.data.pageSize);
    body = (
      <>
        {upcoming.data.items.length > 0 && (
          <div className="r-visits-group" data-testid="visits-upcoming">
            <h3 className="r-visits-sub">{t('visits.upcoming')}</h3>
            {upcoming.data.items.map((v) => <UpcomingVisit key={v.id} v={v} />)}
          </div>
        )}
        {past.data.items.length > 0 && (
          <div className="r-visits-group" data-testid="visits-past">
            <h3 className="r-visits-sub">{t('visits.past')}</h3>
            {past.data.items.map((v) => <PastVisit key={v.id} v={v} />)}
            {pages > 1 && (
              <div className="r-visits-pager">
                <Button size="small" disabled={pastPage <= 1} onClick={() => setPastPage((p) => p - 1)}>{t('visits.newer')}</Button>
                <span className="r-small r-muted">{pastPage} / {pages}</span>
                <Button size="small" disabled={pastPage >= pages} onClick={() => setPastPage((p) => p + 1)}>{t('visits.older')}</Button>
              </div>
            )}
          </div>
        )}
      </>
    );
  }

  return (
    <section className="r-card r-visits" data-testid="campaign-visits">
      <h2 className="r-card-title">{t('visits.title')}</h2>
      <p className="r-small r-muted r-visits-intro">{t('visits.intro')}</p>
      {body}
    </section>
  );
}

function VisitHead({ v }: { v: Visit }) {
  const { t } = useTranslation('resident');
  const fmt = useTimeFormat();
  const source = [v.supplierName, v.productName].filter(Boolean).join(' · ');
  return (
    <>
      <div className="r-visit-tags">
        <EventKindTag kind={v.kind} />
        <span className="r-visit-where">{v.platformWide ? t('visits.platformWide') : v.communityName}</span>
        {v.state === 'running' && <span className="r-ev-state r-ev-state-running">{t('events.state.running')}</span>}
      </div>
      <div className="r-visit-title" data-testid="visit-title">{v.title}</div>
      {source && <div className="r-small r-visit-source">{t('visits.visiting', { source })}</div>}
      <div className="r-small r-muted r-visit-line"><ClockIcon size={14} />{fmt.window(v.startsAt, v.endsAt)}</div>
    </>
  );
}

function UpcomingVisit({ v }: { v: Visit }) {
  const { t } = useTranslation('resident');
  const live = v.kind === 'livestream' || v.kind === 'online';
  return (
    <article className="r-visit" data-testid="visit-upcoming">
      <VisitHead v={v} />
      {v.place && !live && <div className="r-small r-muted r-visit-line"><PinIcon size={14} />{v.place}</div>}
      <div className="r-visit-actions">
        {v.state === 'running' && v.streamUrl && (
          <a className="adm-button adm-button-primary adm-button-small adm-button-shape-rounded r-visit-watch" href={v.streamUrl} target="_blank" rel="noopener noreferrer" data-testid="visit-watch">
            <PlayIcon size={14} /> {t('visits.watchNow')}
          </a>
        )}
        {v.canOpen ? (
          <Link to={`/events/${v.id}`} className="r-ext-link" data-testid="visit-open">
            {v.state === 'upcoming' ? (live ? t('visits.remindMe') : t('visits.signUp')) : t('visits.details')} ›
          </Link>
        ) : (
          <span className="r-small r-muted">{t(v.platformWide ? 'visits.loginToJoin' : 'visits.othersCommunity')}</span>
        )}
      </div>
    </article>
  );
}

function PastVisit({ v }: { v: Visit }) {
  return (
    <article className="r-visit r-visit-past" data-testid="visit-past">
      <VisitHead v={v} />
      {v.replays.map((r) => <ReplayBlock key={r.id} r={r} title={v.title} />)}
    </article>
  );
}

function ReplayBlock({ r, title }: { r: Replay; title: string }) {
  const { t } = useTranslation('resident');
  return (
    <div className="r-visit-replay" data-testid="visit-replay">
      <p className="r-paragraph r-visit-summary">{r.summary}</p>
      {r.videoUrl && <a href={r.videoUrl} target="_blank" rel="noopener noreferrer" className="r-replay"><PlayIcon size={18} />{t('events.replay')}<ChevronRight size={14} /></a>}
      <PhotoStrip urls={r.photos} alt={title} />
    </div>
  );
}

export default VisitsSection;
