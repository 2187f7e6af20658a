import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { Button, DatePicker, DotLoading } from 'antd-mobile';
import QRCode from 'qrcode';
import { api } from '../shared/api';
import type { PickList } from './types';
import { EmptyState, PageError, PageLoading } from '../shared/states';
import { Icon, LeaderPage, NotLeader, useLeaderOf } from './components';
import { DEFAULT_TZ, addDays, isIsoDate, numbersLine, zonedDate } from './lib';
import { handoverKeys } from '../shared/query-keys';

/** /leader/:communityId/pick-list?date=YYYY-MM-DD — 分拣单: what goes into each neighbour's bag that day. */
export function PickListPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <PickListView communityId={communityId} timeZone={community.timeZone || DEFAULT_TZ} />;
}

/** "2026-11-23" → "11月23日 周一" / "Mon, Nov 23" (the date itself, no zone shift). */
function useDayLabel() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (date: string, opts: Intl.DateTimeFormatOptions = { month: 'long', day: 'numeric', weekday: 'short' }) =>
    new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...opts }).format(new Date(`${date}T00:00:00Z`));
}

/** QR codes (data URLs) of the traceability page of each batch, for the printed sheet. */
function useTraceQrs(codes: string[]) {
  const [qrs, setQrs] = useState<Record<string, string>>({});
  const key = codes.join('|');
  useEffect(() => {
    let alive = true;
    const missing = codes.filter((c) => !qrs[c]);
    if (missing.length === 0) return;
    void Promise.all(missing.map(async (c) => [c, await QRCode.toDataURL(`${window.location.origin}/t/${encodeURIComponent(c)}`, { margin: 1, width: 240 })] as const))
      .then((pairs) => { if (alive) setQrs((old) => ({ ...old, ...Object.fromEntries(pairs) })); })
      .catch(() => { /* the sheet still prints, with the batch code in words */ });
    return () => { alive = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return qrs;
}

function PickListView({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [picking, setPicking] = useState(false);
  const today = zonedDate(new Date(), 0, timeZone);
  const dateParam = params.get('date');
  const date = isIsoDate(dateParam) ? dateParam : today;
  const dayLabel = useDayLabel();

  const list = useQuery({
    queryKey: handoverKeys.pickList(communityId, date),
    queryFn: () => api<PickList>(`/api/communities/${communityId}/pick-list?date=${date}`),
    placeholderData: keepPreviousData,
  });
  const data = list.data && list.data.date === date ? list.data : undefined;
  const batchCodes = [...new Set((data?.totals ?? []).map((x) => x.batchCode).filter((c): c is string => !!c))];
  const qrs = useTraceQrs(batchCodes);

  useEffect(() => {
    document.title = `${t('pickList.navTitle')} ${date}`;
  }, [date, t]);

  const go = (d: string) => setParams(d === today ? {} : { date: d }, { replace: true });
  const relative = date === today ? t('pickList.today') : date === addDays(today, -1) ? t('pickList.yesterday') : date === addDays(today, 1) ? t('pickList.tomorrow') : '';
  const xlsxUrl = `/api/communities/${communityId}/pick-list.xlsx?date=${date}`;
  const pieces = (data?.totals ?? []).reduce((s, x) => s + x.quantity, 0);
  const picked = (data?.residents ?? []).filter((r) => r.pickedUp).length;
  const [y, m, d] = date.split('-').map(Number);

  let content;
  if (!data && list.isPending) content = <PageLoading />;
  else if (list.isError && !data) content = <PageError error={list.error} onRetry={() => list.refetch()} />;
  else if (!data) content = <PageLoading />;
  else if (data.residents.length === 0) {
    content = (
      <div className="pick-empty">
        <EmptyState title={t('pickList.emptyTitle')} description={t('pickList.emptyHint')} />
        {date !== today && <div className="pick-empty-action"><Button fill="outline" color="primary" onClick={() => go(today)}>{t('pickList.backToToday')}</Button></div>}
      </div>
    );
  } else {
    content = (
      <>
        <section className="pick-summary">
          <div className="pick-summary-place">{data.community.name} · {data.community.pickupPointName}</div>
          <div className="pick-summary-stats">
            <div><strong>{data.residents.length}</strong><span>{t('pickList.statPeople')}</span></div>
            <div><strong>{pieces}</strong><span>{t('pickList.statPieces')}</span></div>
            <div><strong>{picked}</strong><span>{t('pickList.statPicked')}</span></div>
          </div>
          <div className="pick-buttons">
            <Button color="primary" size="large" onClick={() => window.print()} data-testid="pick-list-print"><Icon.print /> {t('pickList.print')}</Button>
            <a className="pick-download" href={xlsxUrl} download data-testid="pick-list-xlsx"><Icon.download /> {t('pickList.excel')}</a>
          </div>
          <Button block size="large" fill="outline" color="primary" className="pick-labels" onClick={() => navigate(`/leader/${communityId}/labels?date=${date}`)} data-testid="pick-list-labels">
            <Icon.print /> {t('pickList.labels')}
          </Button>
        </section>

        <section className="card-block">
          <h3 className="block-title">{t('pickList.totalsTitle')}<span className="block-title-extra">{t('pickList.totalsHint')}</span></h3>
          {data.totals.map((x, i) => (
            <div className="pick-total" key={`${x.productName}-${x.batchCode}-${i}`} data-testid="pick-list-total">
              <div className="pick-total-main">
                <div className="pick-total-name">{x.productName}</div>
                <div className="pick-total-spec">{x.spec}</div>
                {x.batchCode && <Link className="pick-batch" to={`/t/${encodeURIComponent(x.batchCode)}`}>{t('pickList.batch')} {x.batchCode} ›</Link>}
              </div>
              <div className="pick-total-qty">{x.quantity}<small>{x.unit}</small></div>
            </div>
          ))}
        </section>

        <h3 className="list-heading">{t('pickList.residentsTitle', { count: data.residents.length })}</h3>
        <div className="pick-rows">
          {data.residents.map((r, i) => (
            <article key={`${r.name}-${r.groupNumbers.join('-')}-${i}`} className={`pick-row${r.pickedUp ? ' done' : ''}`} data-testid="pick-list-row" data-picked={r.pickedUp ? 'true' : 'false'}>
              <div className="pick-row-head">
                <span className="group-no">{numbersLine(r.groupNumbers) || '—'}</span>
                <span className="pick-row-name">{r.name}</span>{r.doorNumber && <span className="pick-row-door" data-testid="pick-row-door">{r.doorNumber}</span>}
                {r.pickedUp ? <span className="pick-row-done"><Icon.done /> {t('pickList.picked')}</span> : <span className="pick-row-todo">{t('pickList.notPicked')}</span>}
              </div>
              <ul className="pick-row-items">
                {r.items.map((it, j) => (
                  <li key={j}><span className="pick-item-name">{it.groupNumber != null && r.groupNumbers.length > 1 && <span className="group-no small">#{it.groupNumber}</span>}{it.productName}<small>{it.spec}</small></span><b>×{it.quantity}{it.unit}</b></li>
                ))}
              </ul>
            </article>
          ))}
        </div>
      </>
    );
  }

  return (
    <LeaderPage title={t('pickList.navTitle')} communityId={communityId} back={`/leader/${communityId}`}>
      <div className="pick-datebar no-print">
        <button type="button" className="pick-day-btn" onClick={() => go(addDays(date, -1))} data-testid="pick-prev-day">‹ {t('pickList.prevDay')}</button>
        <button type="button" className="pick-day" onClick={() => setPicking(true)} aria-label={t('pickList.chooseDate')} data-testid="pick-date">
          <span className="pick-day-main">{dayLabel(date)}</span>
          <span className="pick-day-sub">{relative || String(y)}{list.isFetching && <DotLoading />}</span>
        </button>
        <button type="button" className="pick-day-btn" onClick={() => go(addDays(date, 1))} data-testid="pick-next-day">{t('pickList.nextDay')} ›</button>
      </div>
      <div className="no-print">
        <div className="section-hint pick-hint">{t('pickList.hint')}</div>
        {content}
      </div>

      {data && data.residents.length > 0 && (
        <PrintSheet data={data} date={date} dayLabel={dayLabel(date, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' })} qrs={qrs} locale={i18n.language} />
      )}

      <DatePicker
        visible={picking}
        onClose={() => setPicking(false)}
        precision="day"
        value={new Date(y, m - 1, d)}
        title={t('pickList.chooseDate')}
        onConfirm={(v) => go(`${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`)}
      />
    </LeaderPage>
  );
}

/** The A4 sheet: only visible when printing (see @media print in leader.css). */
function PrintSheet({ data, date, dayLabel, qrs, locale }: { data: PickList; date: string; dayLabel: string; qrs: Record<string, string>; locale: string }) {
  const { t } = useTranslation('leader');
  const printedAt = new Intl.DateTimeFormat(locale === 'en' ? 'en' : 'zh-CN', { timeZone: DEFAULT_TZ, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date());
  return (
    <div className="print-sheet" data-date={date}>
      <header className="print-head">
        <div>
          <h1>{t('pickList.printTitle')} · {dayLabel}</h1>
          <div>{data.community.name} · {data.community.pickupPointName}（{data.community.pickupPointAddress}）</div>
        </div>
        <div className="print-meta">{t('pickList.printedAt', { time: printedAt })}</div>
      </header>

      <h2>{t('pickList.totalsTitle')}</h2>
      <table className="print-table print-totals">
        <thead>
          <tr><th>{t('pickList.colProduct')}</th><th>{t('pickList.colSpec')}</th><th className="num">{t('pickList.colQty')}</th><th>{t('pickList.colBatch')}</th><th className="qr">{t('pickList.colTrace')}</th></tr>
        </thead>
        <tbody>
          {data.totals.map((x, i) => (
            <tr key={i}>
              <td><b>{x.productName}</b></td>
              <td>{x.spec}</td>
              <td className="num"><b>{x.quantity}</b> {x.unit}</td>
              <td className="mono">{x.batchCode ?? '—'}</td>
              <td className="qr">{x.batchCode && qrs[x.batchCode] ? <img src={qrs[x.batchCode]} alt="" /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="print-note">{t('pickList.qrNote')}</p>

      <h2>{t('pickList.residentsTitle', { count: data.residents.length })}</h2>
      <table className="print-table print-residents">
        <thead>
          <tr><th className="idx">{t('pickList.colNumber')}</th><th>{t('pickList.colResident')}</th><th>{t('pickList.colItems')}</th><th className="check">{t('pickList.colDone')}</th></tr>
        </thead>
        <tbody>
          {data.residents.map((r, i) => (
            <tr key={i}>
              <td className="idx"><b>{numbersLine(r.groupNumbers)}</b></td>
              <td><b>{r.name}</b>{r.doorNumber && <> {r.doorNumber}</>}</td>
              <td>{r.items.map((it, j) => <div key={j}>{it.groupNumber != null && r.groupNumbers.length > 1 ? `#${it.groupNumber} ` : ''}{it.productName} <span className="muted">{it.spec}</span> <b>×{it.quantity}{it.unit}</b></div>)}</td>
              <td className="check">{r.pickedUp ? '✓' : <span className="box" />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <footer className="print-foot">{t('pickList.printFoot')}</footer>
    </div>
  );
}
