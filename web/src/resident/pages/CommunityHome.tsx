import { useCallback, useEffect, useRef, useState } from 'react';
import { ActionSheet, Skeleton } from 'antd-mobile';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RequireLogin } from '../../shared/auth';
import { EmptyState } from '../../shared/states';
import { ErrorView } from '../components/ErrorView';
import type { Me } from '../../shared/types';
import { isUuid, useCommunity, useGroupBuys, type GroupBuyFilter } from '../lib/api';
import { rememberCommunity } from '../lib/community';
import { GroupBuyCard } from '../components/GroupBuyCard';
import { LoadMore } from '../components/LoadMore';
import { LeaderCard } from '../components/LeaderBadge';
import { ContactLeaderLink } from '../components/ContactLeaderLink';
import { ResidentTabBar } from '../components/ResidentTabBar';
import { NoticeBell } from '../components/NoticeBell';
import { TextSizeSwitch } from '../components/TextSizeSwitch';
import { ChevronRight, ClockIcon, PinIcon, SearchIcon, SwapIcon } from '../components/icons';
import { useTitle } from '../components/Page';
import { NpsCard } from '../components/NpsCard';
import { Recommendations } from '../components/Recommendations';
import { FeedSection } from '../components/life/FeedSection';
import { EventsSection } from '../components/life/EventsSection';
import { NotFound } from './NotFound';
import { Bracketed, Name, named } from '../../shared/names';

/** The three faces of the home: what is on sale, what neighbours talk about, what is on. */
const VIEWS = ['buys', 'feed', 'events'] as const;
type HomeView = (typeof VIEWS)[number];

/** /c/:communityId — the community home: who leads it, where to pick up, what is on now. */
export default function CommunityHomePage() {
  const { communityId } = useParams();
  if (!isUuid(communityId)) return <NotFound kind="community" />;
  return <RequireLogin>{(me) => <CommunityHome me={me} communityId={communityId} />}</RequireLogin>;
}

function CommunityHome({ me, communityId }: { me: Me; communityId: string }) {
  const { t } = useTranslation('resident');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab: GroupBuyFilter = params.get('tab') === 'past' ? 'past' : 'current';
  const viewParam = params.get('view');
  const view: HomeView = viewParam === 'feed' || viewParam === 'events' ? viewParam : 'buys';
  const viewsRef = useRef<HTMLDivElement>(null);
  const showView = (v: HomeView) => {
    setParams(v === 'buys' ? {} : { view: v }, { replace: true });
    // Already scrolled past the switch: start the new view at its top.
    const el = viewsRef.current;
    if (el && el.getBoundingClientRect().top <= 1) requestAnimationFrame(() => el.scrollIntoView({ block: 'start' }));
  };
  const community = useCommunity(communityId);
  const [switching, setSwitching] = useState(false);
  const isMember = me.communities.some((c) => c.id === communityId);
  useTitle(community.data?.name);

  useEffect(() => {
    if (isMember) rememberCommunity(communityId);
  }, [communityId, isMember]);

  if (community.isError) {
    return (
      <div className="mobile-page r-page">
        <ErrorView error={community.error} onRetry={() => community.refetch()} />
        <ResidentTabBar active="home" />
      </div>
    );
  }

  const c = community.data;
  const leader = c?.leaders[0];
  return (
    <div className="mobile-page r-page r-home">
      <header className="r-home-hero">
        <div className="r-home-top">
          {c ? <h1 className="r-home-name" data-testid="community-name" translate="no">{c.name}</h1> : <Skeleton.Title animated />}
          <div className="r-home-actions">
            {me.communities.length > 1 && (
              <button type="button" className="r-chip-btn" onClick={() => setSwitching(true)} data-testid="switch-community">
                <SwapIcon size={14} /> {t('home.switch')}
              </button>
            )}
            <TextSizeSwitch className="r-lang-light" />
            <NoticeBell className="r-bell-light" />
          </div>
        </div>
        {c && (
          <div className="r-home-panel">
            {leader && (
              <Link to={`/c/${communityId}/leaders/${leader.userId}`} className="r-leader-link" data-testid="leader-link">
                <LeaderCard leader={leader} />
                <span className="r-leader-link-go">{t('home.leaderProfile')}<ChevronRight size={14} /></span>
              </Link>
            )}
            {c.leaders.length > 1 && <div className="r-muted r-small">{named(t, 'home.moreLeaders', { names: c.leaders.slice(1).map((l) => l.name).join(t('common:listSeparator')) })}</div>}
            <div className="r-home-pickup">
              <div className="r-info-line"><PinIcon size={16} /><span><b>{t('home.pickupPoint')}</b> <Name>{c.pickupPointName}</Name><span className="r-muted"><Bracketed><Name>{c.pickupPointAddress}</Name></Bracketed></span></span></div>
              <div className="r-info-line"><ClockIcon size={16} /><span><b>{t('home.hours')}</b> {t('home.hoursDaily', { hours: c.pickupHours })}</span></div>
            </div>
            {me.communities.some((m) => m.id === communityId && m.role === 'resident') && <ContactLeaderLink communityId={communityId} />}
          </div>
        )}
      </header>

      <div className="r-views-sticky" ref={viewsRef}>
        <div className="r-views" role="tablist" aria-label={t('home.views.label')}>
          {VIEWS.map((v) => (
            <button key={v} type="button" role="tab" aria-selected={view === v} className={`r-view${view === v ? ' r-view-on' : ''}`} onClick={() => showView(v)} data-testid={`home-view-${v}`}>
              {t(`home.views.${v}`)}
            </button>
          ))}
        </div>
      </div>

      {view === 'buys' && (
        <>
          {/* One row: today's or past 团, and search (its own page), so the first 团 shows on the first screen. */}
          <div className="r-chips-row">
            <div className="r-chips r-chips-buys" role="tablist" aria-label={t('home.views.buys')}>
              {(['current', 'past'] as const).map((k) => (
                <button key={k} type="button" role="tab" aria-selected={tab === k} className={`r-chip${tab === k ? ' r-chip-on' : ''}`} onClick={() => setParams(k === 'past' ? { tab: 'past' } : {}, { replace: true })} data-testid={`buys-${k}`}>
                  {t(`home.tabs.${k}`)}
                </button>
              ))}
            </div>
            {isMember && <Link to={`/c/${communityId}/search`} className="r-chip r-chip-search" data-testid="home-search-link"><SearchIcon size={18} />{t('morning:search.submit')}</Link>}
          </div>
          <GroupBuyList key={tab} communityId={communityId} filter={tab} timeZone={c?.timeZone ?? 'Asia/Shanghai'} leaders={c?.leaders ?? []} onShowPast={() => setParams({ tab: 'past' }, { replace: true })} />
          {/* What she came for first: the open 团 above suggestions. */}
          {isMember && <Recommendations communityId={communityId} />}
        </>
      )}
      {view === 'feed' && (
        <FeedSection communityId={communityId} leaderIds={c?.leaders.map((l) => l.userId) ?? []} timeZone={c?.timeZone ?? 'Asia/Shanghai'} onShowEvents={() => showView('events')} />
      )}
      {view === 'events' && <EventsSection communityId={communityId} timeZone={c?.timeZone ?? 'Asia/Shanghai'} />}
      {/* A survey waits below what is on sale (and 「暂不回答」 hides it). */}
      {isMember && c && <NpsCard leaderIds={c.leaders.map((l) => l.userId)} />}
      {/* The community's street address closes the page: the pickup point above is where she goes. */}
      {c && <p className="r-home-foot r-muted" translate="no">{c.name} · {c.address}</p>}

      <ActionSheet
        visible={switching}
        onClose={() => setSwitching(false)}
        extra={t('home.switchTitle')}
        cancelText={t('common:cancel')}
        actions={me.communities.map((mc) => ({
          key: mc.id,
          text: mc.id === communityId ? `✓ ${mc.name}` : mc.name,
          description: mc.role === 'leader' ? t('home.youLead') : mc.pickupPointName,
          bold: mc.id === communityId,
          onClick: () => {
            setSwitching(false);
            if (mc.id !== communityId) navigate(`/c/${mc.id}`);
          },
        }))}
      />
      <ResidentTabBar active="home" communityId={communityId} />
    </div>
  );
}

function GroupBuyList({ communityId, filter, timeZone, leaders, onShowPast }: {
  communityId: string; filter: GroupBuyFilter; timeZone: string; leaders: { userId: string; name: string }[]; onShowPast: () => void;
}) {
  const { t } = useTranslation('resident');
  const list = useGroupBuys(communityId, filter);
  const refetch = list.refetch;
  const onCountdownEnd = useCallback(() => { void refetch(); }, [refetch]);

  if (list.isPending) {
    return (
      <div className="r-list" aria-busy="true">
        {[0, 1, 2].map((i) => (
          <div key={i} className="r-gb-card r-gb-skeleton">
            <Skeleton animated className="r-gb-skel-img" />
            <div className="r-gb-body"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={3} animated /></div>
          </div>
        ))}
      </div>
    );
  }
  if (list.isError) return <ErrorView error={list.error} onRetry={() => list.refetch()} />;
  const items = list.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    return filter === 'current' ? (
      <div className="r-empty">
        <EmptyState title={t('home.emptyCurrent')} description={t('home.emptyCurrentHint')} />
        <div className="r-center"><button type="button" className="r-link" onClick={onShowPast}>{t('home.seePast')}</button></div>
      </div>
    ) : (
      <EmptyState title={t('home.emptyPast')} description={t('home.emptyPastHint')} />
    );
  }
  const nameOf = (id: string) => leaders.find((l) => l.userId === id)?.name;
  return (
    <div className="r-list">
      {items.map((gb) => <GroupBuyCard key={gb.id} gb={gb} timeZone={timeZone} leaderName={nameOf(gb.leaderId)} onCountdownEnd={onCountdownEnd} />)}
      <LoadMore hasMore={!!list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => { void list.fetchNextPage(); }} count={items.length} />
    </div>
  );
}
