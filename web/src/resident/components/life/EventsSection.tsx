import { useState } from 'react';
import { Skeleton } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../shared/states';
import { ErrorView } from '../ErrorView';
import { useEvents } from '../../lib/life';
import { EventCard } from './EventCard';

/** 近期活动 / 往期活动 of a community. */
export function EventsSection({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t } = useTranslation('resident');
  const [scope, setScope] = useState<'upcoming' | 'past'>('upcoming');
  const events = useEvents(communityId, scope);
  const items = events.data?.items ?? [];
  return (
    <section className="r-events" aria-label={t('events.title')}>
      <div className="r-chips" role="tablist">
        {(['upcoming', 'past'] as const).map((s) => (
          <button key={s} type="button" role="tab" aria-selected={scope === s} className={`r-chip${scope === s ? ' r-chip-on' : ''}`} onClick={() => setScope(s)} data-testid={`events-${s}`}>
            {t(`events.${s}`)}
          </button>
        ))}
      </div>
      {events.isPending ? (
        <div className="r-list" aria-busy="true">{[0, 1].map((i) => <div key={i} className="r-card"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={2} animated /></div>)}</div>
      ) : events.isError ? (
        <ErrorView error={events.error} onRetry={() => events.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={t(scope === 'upcoming' ? 'events.empty' : 'events.emptyPast')} description={scope === 'upcoming' ? t('events.emptyHint') : ''} />
      ) : (
        <div className="r-list">{items.map((ev) => <EventCard key={ev.id} ev={ev} timeZone={timeZone} />)}</div>
      )}
    </section>
  );
}
