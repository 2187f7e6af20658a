import { useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { Button, DotLoading } from 'antd-mobile';
import { api } from '../shared/api';
import { EmptyState, PageError, PageLoading } from '../shared/states';
import { Icon, LeaderPage, NotLeader, useLeaderOf } from './components';
import type { BagLabel, LabelSheet } from './types';
import { DEFAULT_TZ, addDays, isIsoDate, numbersLine, zonedDate } from './lib';
import './labels.css';
import { handoverKeys } from '../shared/query-keys';

type Paper = 'a4' | 'receipt';
const PAPER_KEY = 'linli.leader.labelPaper';

/** /leader/:communityId/labels?date= — 袋标签: one per bag, big 跟团号, masked name, items. Never a code. */
export function LabelsPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <Labels communityId={communityId} timeZone={community.timeZone || DEFAULT_TZ} pickupPoint={community.pickupPointName} />;
}

function Labels({ communityId, timeZone, pickupPoint }: { communityId: string; timeZone: string; pickupPoint: string }) {
  const { t, i18n } = useTranslation('leader');
  const [params, setParams] = useSearchParams();
  const [paper, setPaper] = useState<Paper>(() => (localStorage.getItem(PAPER_KEY) === 'receipt' ? 'receipt' : 'a4'));
  const today = zonedDate(new Date(), 0, timeZone);
  const dateParam = params.get('date');
  const date = isIsoDate(dateParam) ? dateParam : today;
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const dayLabel = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'long', day: 'numeric', weekday: 'short' }).format(new Date(`${date}T00:00:00Z`));

  const sheet = useQuery({
    queryKey: handoverKeys.labels(communityId, date),
    queryFn: () => api<LabelSheet>(`/api/communities/${communityId}/labels?date=${date}`),
    placeholderData: keepPreviousData,
  });
  const data = sheet.data && sheet.data.date === date ? sheet.data : undefined;

  useEffect(() => { try { localStorage.setItem(PAPER_KEY, paper); } catch { /* not kept */ } }, [paper]);
  useEffect(() => { document.title = `${t('labels.navTitle')} ${date}`; }, [date, t]);
  const go = (d: string) => setParams({ date: d }, { replace: true });
  const place = data?.community?.pickupPointName ?? pickupPoint;

  let content;
  if (!data && sheet.isPending) content = <PageLoading />;
  else if (sheet.isError && !data) content = <PageError error={sheet.error} onRetry={() => sheet.refetch()} />;
  else if (!data) content = <PageLoading />;
  else if (data.labels.length === 0) content = <EmptyState title={t('labels.emptyTitle')} description={t('labels.emptyHint')} />;
  else {
    content = (
      <div className={`label-sheet paper-${paper}`} data-testid="label-sheet">
        {data.labels.map((l, i) => <Label key={`${l.groupNumbers.join('-')}-${l.name}-${i}`} label={l} dayLabel={dayLabel} place={place} />)}
      </div>
    );
  }

  return (
    <LeaderPage title={t('labels.navTitle')} communityId={communityId} back={`/leader/${communityId}/pick-list?date=${date}`}>
      <style>{paper === 'a4' ? '@media print { @page { size: A4; margin: 8mm; } }' : '@media print { @page { size: 58mm auto; margin: 2mm 2mm 4mm; } }'}</style>
      <div className="no-print">
        <div className="pick-datebar">
          <button type="button" className="pick-day-btn" onClick={() => go(addDays(date, -1))}>‹ {t('pickList.prevDay')}</button>
          <div className="pick-day" aria-live="polite">
            <span className="pick-day-main">{dayLabel}</span>
            <span className="pick-day-sub">{date === today ? t('pickList.today') : date === addDays(today, 1) ? t('pickList.tomorrow') : date}{sheet.isFetching && <DotLoading />}</span>
          </div>
          <button type="button" className="pick-day-btn" onClick={() => go(addDays(date, 1))}>{t('pickList.nextDay')} ›</button>
        </div>
        <section className="label-tools">
          <div className="label-paper" role="radiogroup" aria-label={t('labels.paper')}>
            {(['a4', 'receipt'] as const).map((p) => (
              <button type="button" key={p} role="radio" aria-checked={paper === p} className={paper === p ? 'on' : ''} onClick={() => setPaper(p)} data-testid={`paper-${p}`}>
                <b>{t(`labels.paper_${p}`)}</b><small>{t(`labels.paper_${p}_hint`)}</small>
              </button>
            ))}
          </div>
          <Button block size="large" color="primary" disabled={!data || data.labels.length === 0} onClick={() => window.print()} data-testid="labels-print">
            <Icon.print /> {data && data.labels.length > 0 ? t('labels.print', { count: data.labels.length }) : t('labels.printNone')}
          </Button>
          <div className="section-hint label-hint">{t('labels.hint')}</div>
        </section>
      </div>
      {content}
    </LeaderPage>
  );
}

function Label({ label, dayLabel, place }: { label: BagLabel; dayLabel: string; place: string }) {
  const many = label.items.length > 5;
  return (
    <article className={`bag-label${many ? ' many' : ''}`} data-testid="bag-label">
      <div className="bag-label-top">
        <span className="bag-no">{numbersLine(label.groupNumbers) || '—'}</span>
        <span className="bag-name">{label.name}</span>
      </div>
      {label.title && <div className="bag-title">{label.title}</div>}
      <ul className="bag-items">
        {label.items.map((it, j) => (
          <li key={j}>
            <span>{it.groupNumber != null && label.groupNumbers.length > 1 && <i>#{it.groupNumber} </i>}{it.productName}{it.spec && <small> {it.spec}</small>}</span>
            <b>×{it.quantity}{it.unit ?? ''}</b>
          </li>
        ))}
      </ul>
      <div className="bag-foot">{dayLabel} · {place}</div>
    </article>
  );
}
