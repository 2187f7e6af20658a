import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Button, PullToRefresh, SearchBar } from 'antd-mobile';
import { api, formatTime } from '../shared/api';
import { PageError, PageLoading } from '../shared/states';
import { Icon, LeaderPage, NotLeader, useLeaderOf } from './components';
import { copyWithToast } from './GroupBuyBlocks';
import { WithoutCodeSheet } from './WithoutCodeSheet';
import type { HandoverLine, PendingHousehold, PendingPickups } from './types';
import { numbersLine } from './lib';
import { handoverKeys } from '../shared/query-keys';

export function usePending(communityId: string, enabled = true) {
  return useQuery({
    queryKey: handoverKeys.pending(communityId),
    queryFn: () => api<PendingPickups>(`/api/communities/${communityId}/pickups/pending`),
    refetchInterval: 15_000,
    enabled,
  });
}

/** /leader/:communityId/pending — 未取货: who still has goods waiting, the reminder, hand-over without code. */
export function PendingPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <PendingList communityId={communityId} />;
}

function PendingList({ communityId }: { communityId: string }) {
  const { t } = useTranslation('leader');
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [handing, setHanding] = useState<PendingHousehold | null>(null);
  const pending = usePending(communityId);
  const households = useMemo(() => pending.data?.households ?? [], [pending.data]);

  const q = search.trim().toLowerCase().replace(/^#/, '');
  const shown = q ? households.filter((h) => h.name.toLowerCase().includes(q) || h.groupNumbers.some((n) => String(n) === q)
    || h.lines.some((l) => l.productName.toLowerCase().includes(q))) : households;

  let body;
  if (pending.isPending) body = <PageLoading />;
  else if (pending.isError) body = <PageError error={pending.error} onRetry={() => pending.refetch()} />;
  else {
    const data = pending.data;
    body = (
      <>
        <section className="pending-summary" data-testid="pending-summary">
          {households.length > 0
            ? t('pending.summary', { people: households.length, picked: data.pickedUpLast24h })
            : t('pending.summaryDone', { picked: data.pickedUpLast24h })}
        </section>
        {households.length === 0 ? (
          <div className="all-done">
            <div className="all-done-icon"><Icon.done /></div>
            <div className="all-done-title">{t('pending.emptyTitle')}</div>
            <div className="section-hint">{t('pending.emptyHint')}</div>
          </div>
        ) : (
          <>
            {data.reminderText && (
              <section className="card-block reminder-block">
                <h3 className="block-title">{t('pending.reminderTitle')}</h3>
                <pre className="share-text reminder-text" data-testid="reminder-text">{data.reminderText}</pre>
                <Button block size="large" color="primary" onClick={() => copyWithToast(data.reminderText, t)} data-testid="copy-reminder">{t('pending.copyReminder')}</Button>
              </section>
            )}
            {households.length > 5 && (
              <div className="pending-search"><SearchBar placeholder={t('pending.search')} value={search} onChange={setSearch} /></div>
            )}
            <div className="section-hint">{t('pending.privacy')}</div>
            <div className="pending-list">
              {shown.map((h) => <HouseholdRow key={h.residentKey} household={h} onWithoutCode={() => setHanding(h)} />)}
              {shown.length === 0 && <div className="center-muted">{t('pending.noMatch')}</div>}
            </div>
          </>
        )}
        <NotCollected rows={data.notCollected ?? []} />
        <div className="pending-go">
          <Button block size="large" color="primary" onClick={() => navigate(`/leader/${communityId}/pickup`)}>{t('pending.goPickup')}</Button>
        </div>
      </>
    );
  }

  return (
    <LeaderPage title={t('pending.navTitle')} communityId={communityId} back={`/leader/${communityId}`}>
      <PullToRefresh onRefresh={async () => { await pending.refetch(); }}>{body}</PullToRefresh>
      <WithoutCodeSheet communityId={communityId} household={handing} onClose={() => setHanding(null)} />
    </LeaderPage>
  );
}

function HouseholdRow({ household: h, onWithoutCode }: { household: PendingHousehold; onWithoutCode: () => void }) {
  const { t, i18n } = useTranslation('leader');
  const { community } = useLeaderOf(useParams().communityId);
  const startOf = (x: PendingHousehold) => {
    const first = x.lines.map((l) => l.pickupStartAt).filter((v): v is string => !!v).sort()[0];
    return first ? formatTime(first, community?.timeZone, i18n.language === 'en' ? 'en' : 'zh-CN') : '';
  };
  const pieces = h.lines.reduce((s, l) => s + l.quantity, 0);
  return (
    <article className="pending-row" data-testid="pending-row">
      <div className="pending-who">
        <span className="group-no">{numbersLine(h.groupNumbers) || '—'}</span>
        <span className="pending-name">{h.name}</span>
        <span className="pending-count">{t('pending.pieces', { count: pieces })}</span>
      </div>
      {h.lines.map((l) => <PendingLine key={l.lineId} line={l} showNumber={h.groupNumbers.length > 1} />)}
      {h.windowStarted === false
        ? <div className="woc-later">{t('pending.notYet', { time: startOf(h) })}</div>
        : <button type="button" className="woc-open" onClick={onWithoutCode} data-testid="without-code">{t('pending.withoutCode')}</button>}
    </article>
  );
}

function PendingLine({ line: l, showNumber }: { line: HandoverLine; showNumber: boolean }) {
  return (
    <div className="pending-item">
      {showNumber && l.groupNumber != null && <span className="group-no small">#{l.groupNumber}</span>}
      <span className="pending-item-name">{l.productName}{l.spec && <span className="muted"> · {l.spec}</span>}</span>
      <span className="pending-item-qty">×{l.quantity}{l.unit ?? ''}</span>
    </div>
  );
}

/** Past the pickup window and its grace days: the money settled as delivered; the goods may still be here. */
function NotCollected({ rows }: { rows: PendingPickups['notCollected'] }) {
  const { t } = useTranslation('leader');
  if (rows.length === 0) return null;
  return (
    <section className="card-block not-collected" data-testid="not-collected">
      <h3 className="block-title">{t('pending.notCollectedTitle', { count: rows.length })}</h3>
      <div className="section-hint nc-hint">{t('pending.notCollectedHint')}</div>
      {rows.map((r) => (
        <div className="nc-row" key={r.residentKey}>
          <span className="nc-name">{r.name}</span>
          <span className="nc-items">{r.lines.map((l) => `${l.groupNumber != null ? `#${l.groupNumber} ` : ''}${l.productName}×${l.quantity}`).join('，')}</span>
        </div>
      ))}
    </section>
  );
}
