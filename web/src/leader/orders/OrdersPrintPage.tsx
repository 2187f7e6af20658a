import { useEffect, useRef } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, DotLoading } from 'antd-mobile';
import { api } from '../../shared/api';
import { EmptyState, PageError, PageLoading } from '../../shared/states';
import { leaderOrderKeys } from '../../shared/query-keys';
import { Icon, LeaderPage, NotLeader, useLeaderOf } from '../components';
import { DEFAULT_TZ, addDays, isIsoDate, numbersLine, zonedDate } from '../lib';
import { filterOf, queryOf, type PrintLabel, type PrintSheets, type PrintSlip } from './model';
import './orders.css';
import '../labels.css';

type Paper = 'a4' | 'receipt';
type Kind = 'labels' | 'slips';
const PAPER_KEY = 'linli.leader.labelPaper';
/** CSS page boxes: A4 sheets, or a 58 mm roll (54 mm printable) with one label or slip per strip. */
const PAGE_CSS: Record<Paper, string> = {
  a4: '@media print { @page { size: A4; margin: 8mm; } }',
  receipt: '@media print { @page { size: 58mm auto; margin: 2mm 2mm 4mm; } }',
};

/**
 * /leader/:communityId/orders/print?kind=labels|slips&paper=a4|receipt&pickupDate=…(&filters, &orderIds)
 * — bag labels or household slips of the orders he filtered or selected, for one pickup day.
 * Renders first; prints when he taps the button (or at once with &autoprint=1).
 */
export function OrdersPrintPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <Print communityId={communityId} timeZone={community.timeZone || DEFAULT_TZ} />;
}

function Print({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t, i18n } = useTranslation('leaderOrders');
  const [params, setParams] = useSearchParams();
  const today = zonedDate(new Date(), 0, timeZone);
  const filter = filterOf(params);
  const date = isIsoDate(filter.pickupDate) ? filter.pickupDate : today;
  const kind: Kind = params.get('kind') === 'slips' ? 'slips' : 'labels';
  const paperParam = params.get('paper');
  const paper: Paper = paperParam === 'receipt' || paperParam === 'a4' ? paperParam : (localStorage.getItem(PAPER_KEY) === 'receipt' ? 'receipt' : 'a4');
  const orderIds = params.get('orderIds') ?? '';
  const selected = orderIds ? orderIds.split(',').length : 0;
  const query = queryOf({ ...filter, pickupDate: date }, { orderIds: orderIds || undefined });

  const sheets = useQuery({
    queryKey: leaderOrderKeys.print(communityId, query, i18n.language),
    queryFn: () => api<PrintSheets>(`/api/communities/${communityId}/leader-orders/print?${query}`),
    placeholderData: keepPreviousData,
  });
  const data = sheets.data && sheets.data.date === date ? sheets.data : undefined;
  const count = data ? (kind === 'labels' ? data.labels.length : data.slips.length) : 0;

  const update = (patch: Record<string, string>) => { const next = new URLSearchParams(params); for (const [k, v] of Object.entries(patch)) next.set(k, v); next.delete('autoprint'); setParams(next, { replace: true }); };
  useEffect(() => { try { localStorage.setItem(PAPER_KEY, paper); } catch { /* not kept */ } }, [paper]);
  useEffect(() => { document.title = `${t(`print.${kind}`)} ${date}`; }, [date, kind, t]);
  // Print on demand: with &autoprint=1, once the sheet is on screen.
  const printed = useRef(false);
  useEffect(() => {
    if (params.get('autoprint') === '1' && data && count > 0 && !printed.current) { printed.current = true; setTimeout(() => window.print(), 300); }
  }, [data, count, params]);

  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const dayLabel = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'long', day: 'numeric', weekday: 'short' }).format(new Date(`${date}T00:00:00Z`));

  let content;
  if (!data && sheets.isPending) content = <PageLoading />;
  else if (sheets.isError && !data) content = <PageError error={sheets.error} onRetry={() => sheets.refetch()} />;
  else if (!data) content = <PageLoading />;
  else if (count === 0) content = <EmptyState title={t('print.emptyTitle')} description={t('print.emptyHint')} />;
  else if (kind === 'labels') {
    content = <div className={`label-sheet paper-${paper}`} data-testid="print-sheet">{data.labels.map((l, i) => <Label key={i} label={l} dayLabel={dayLabel} />)}</div>;
  } else {
    content = <div className={`slip-sheet paper-${paper}`} data-testid="print-sheet">{data.slips.map((s, i) => <Slip key={i} slip={s} dayLabel={dayLabel} />)}</div>;
  }

  const back = `/leader/${communityId}/orders?${queryOf(filter)}`;
  return (
    <LeaderPage title={t('print.navTitle')} communityId={communityId} back={back}>
      <style>{PAGE_CSS[paper]}</style>
      <div className="no-print">
        <div className="pick-datebar">
          <button type="button" className="pick-day-btn" onClick={() => update({ pickupDate: addDays(date, -1) })}>‹</button>
          <div className="pick-day" aria-live="polite">
            <span className="pick-day-main">{dayLabel}</span>
            <span className="pick-day-sub">{t('print.day')} {date}{sheets.isFetching && <DotLoading />}</span>
          </div>
          <button type="button" className="pick-day-btn" onClick={() => update({ pickupDate: addDays(date, 1) })}>›</button>
        </div>
        <section className="label-tools">
          <div className="label-paper" role="radiogroup" aria-label={t('print.labels')}>
            {(['labels', 'slips'] as const).map((k) => (
              <button type="button" key={k} role="radio" aria-checked={kind === k} className={kind === k ? 'on' : ''} onClick={() => update({ kind: k })} data-testid={`kind-${k}`}><b>{t(`print.${k}`)}</b></button>
            ))}
          </div>
          <div className="label-paper" role="radiogroup" aria-label={t('print.paper')}>
            {(['a4', 'receipt'] as const).map((p) => (
              <button type="button" key={p} role="radio" aria-checked={paper === p} className={paper === p ? 'on' : ''} onClick={() => update({ paper: p })} data-testid={`paper-${p}`}>
                <b>{t(`print.paper_${p}`)}</b><small>{t(`print.paper_${p}_hint`)}</small>
              </button>
            ))}
          </div>
          {selected > 0 && <div className="section-hint label-hint">{t('print.selection', { count: selected })}</div>}
          <Button block size="large" color="primary" disabled={count === 0} onClick={() => window.print()} data-testid="print-now">
            <Icon.print /> {count > 0 ? t('print.print', { count }) : t('print.printNone')}
          </Button>
          <div className="section-hint label-hint">{t('print.hint')}</div>
        </section>
      </div>
      {content}
    </LeaderPage>
  );
}

function Label({ label, dayLabel }: { label: PrintLabel; dayLabel: string }) {
  return (
    <article className={`bag-label${label.items.length > 5 ? ' many' : ''}`} data-testid="bag-label">
      <div className="bag-label-top">
        <span className="bag-no">{numbersLine(label.groupNumbers) || '—'}</span>
        <span className="bag-name">{label.displayName}</span>
      </div>
      <div className="bag-title">{label.title}</div>
      <ul className="bag-items">
        {label.items.map((it, j) => (
          <li key={j}><span>{it.productName}{it.spec && <small> {it.spec}</small>}</span><b>×{it.quantity}{it.unit}</b></li>
        ))}
      </ul>
      <div className="bag-foot">{dayLabel} · {label.pickupPointName}</div>
    </article>
  );
}

function Slip({ slip, dayLabel }: { slip: PrintSlip; dayLabel: string }) {
  const { t } = useTranslation('leaderOrders');
  // Across several group buys each line says which one (and its 跟团号); with one, the header does.
  const many = slip.groupNumbers.length > 1;
  return (
    <article className="slip" data-testid="slip">
      <div className="slip-head">
        <span className="slip-name">{slip.displayName}</span>
        <span className="slip-door">{slip.doorNumber || '—'}</span>
      </div>
      <div className="slip-numbers">{slip.groupNumbers.map((g) => `#${g.groupNumber} ${g.title}`).join(' · ')}</div>
      <ul className="slip-items">
        {slip.items.map((it, j) => (
          <li key={j}>
            <span>{it.productName}<small>{many ? `${it.groupNumber != null ? `#${it.groupNumber} ` : ''}${it.title} · ` : ''}{it.spec}</small></span>
            <b>×{it.quantity}{it.unit}</b>
            <span className="box" aria-label={t('print.slipCheck')} />
          </li>
        ))}
      </ul>
      <div className="slip-foot"><span>{t('print.slipTitle')} · {dayLabel} · {slip.pickupPointName}</span><b>{t('print.slipUnits', { units: slip.units })}</b></div>
    </article>
  );
}
