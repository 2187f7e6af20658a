import { useState } from 'react';
import { Link } from 'react-router';
import { Skeleton } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../shared/states';
import { ErrorView } from '../ErrorView';
import { LoadMore } from '../LoadMore';
import { useEvents, useFeed, type PostKind } from '../../lib/life';
import { useTimeFormat } from '../../lib/time';
import { PostCard } from './PostCard';
import { CalendarIcon, ChevronRight, QuestionIcon } from '../icons';

/** The kinds a resident may filter by (the rest show under 「全部」). */
const FILTERS: (PostKind | 'all')[] = ['all', 'notice', 'question', 'knowledge', 'topic', 'poll'];

/**
 * 「邻里圈」 on the community home: ask a question, see what is on, then the feed — the pinned
 * notice first — with a filter by kind and 「加载更多」.
 */
export function FeedSection({ communityId, leaderIds, timeZone, onShowEvents }: {
  communityId: string; leaderIds: string[]; timeZone: string; onShowEvents: () => void;
}) {
  const { t } = useTranslation('resident');
  const [kind, setKind] = useState<PostKind | 'all'>('all');
  return (
    <section className="r-feed" aria-label={t('home.views.feed')}>
      <div className="r-feed-entries">
        <Link to={`/c/${communityId}/ask`} className="r-feed-entry r-feed-entry-ask" data-testid="feed-ask">
          <span className="r-feed-entry-icon"><QuestionIcon size={22} /></span>
          <span className="r-feed-entry-text"><b>{t('feed.ask')}</b><span>{t('feed.askHint')}</span></span>
        </Link>
        <NextEventEntry communityId={communityId} timeZone={timeZone} onClick={onShowEvents} />
      </div>
      <div className="r-chips" role="tablist" aria-label={t('feed.filterLabel')}>
        {FILTERS.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={kind === k} className={`r-chip${kind === k ? ' r-chip-on' : ''}`} onClick={() => setKind(k)} data-testid={`feed-filter-${k}`}>
            {k === 'all' ? t('feed.filterAll') : t(`feed.kinds.${k}`)}
          </button>
        ))}
      </div>
      <FeedList key={kind} communityId={communityId} kind={kind} leaderIds={leaderIds} timeZone={timeZone} />
    </section>
  );
}

function NextEventEntry({ communityId, timeZone, onClick }: { communityId: string; timeZone: string; onClick: () => void }) {
  const { t } = useTranslation('resident');
  const fmt = useTimeFormat(timeZone);
  const events = useEvents(communityId, 'upcoming');
  const next = events.data?.items.find((e) => !e.cancelled);
  return (
    <button type="button" className="r-feed-entry r-feed-entry-events" onClick={onClick} data-testid="feed-events">
      <span className="r-feed-entry-icon"><CalendarIcon size={22} /></span>
      <span className="r-feed-entry-text">
        <b>{t('feed.events')}</b>
        <span className="r-ellipsis">{next ? t('feed.nextEvent', { title: next.title, time: fmt.time(next.startsAt) }) : t('feed.eventsHint')}</span>
      </span>
      <ChevronRight size={14} className="r-muted" />
    </button>
  );
}

function FeedList({ communityId, kind, leaderIds, timeZone }: { communityId: string; kind: PostKind | 'all'; leaderIds: string[]; timeZone: string }) {
  const { t } = useTranslation('resident');
  const feed = useFeed(communityId, kind);
  if (feed.isPending) {
    return (
      <div className="r-list" aria-busy="true">
        {[0, 1, 2].map((i) => <div key={i} className="r-post"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={3} animated /></div>)}
      </div>
    );
  }
  if (feed.isError) return <ErrorView error={feed.error} onRetry={() => feed.refetch()} />;
  const items = feed.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    return (
      <div className="r-empty" data-testid="feed-empty">
        <EmptyState title={kind === 'all' ? t('feed.empty') : t('feed.emptyKind')} description={kind === 'all' || kind === 'question' ? t('feed.emptyHint') : ''} />
        {(kind === 'all' || kind === 'question') && <div className="r-center"><Link to={`/c/${communityId}/ask`} className="r-link">{t('feed.askFirst')}</Link></div>}
      </div>
    );
  }
  return (
    <div className="r-list r-feed-list">
      {items.map((p) => <PostCard key={p.id} post={p} communityId={communityId} leaderIds={leaderIds} timeZone={timeZone} />)}
      <LoadMore hasMore={!!feed.hasNextPage} loading={feed.isFetchingNextPage} onLoad={() => { void feed.fetchNextPage(); }} count={items.length} />
    </div>
  );
}
