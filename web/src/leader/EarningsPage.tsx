import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, CapsuleTabs, Tag } from 'antd-mobile';
import { api, formatTime, yuan } from '../shared/api';
import { earningsKeys } from '../shared/query-keys';
import type { components } from '../shared/api-types';
import { EmptyState, PageError, PageLoading } from '../shared/states';
import { LeaderPage, NotLeader, useLeaderOf } from './components';
import { DEFAULT_TZ, addDays, isIsoDate, zonedDate } from './lib';
import { WithdrawSheet } from './WithdrawSheet';
import './earnings.css';

type Earnings = components['schemas']['Earnings'];
type PayoutPage = components['schemas']['PayoutPage'];
type Period = Earnings['period'];
const PERIODS: Period[] = ['day', 'week', 'month'];

/** /leader/:communityId/earnings?period=day|week|month&date=YYYY-MM-DD — 我的收益 and 提现. */
export function EarningsPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <EarningsView communityId={communityId} timeZone={community.timeZone || DEFAULT_TZ} />;
}

/** The same date moved by one period. */
function shift(period: Period, date: string, by: number) {
  if (period === 'day') return addDays(date, by);
  if (period === 'week') return addDays(date, 7 * by);
  const [y, m] = date.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 10);
}

const pct = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(rate * 100 % 1 === 0 ? 0 : 1)}%`);

function EarningsView({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t, i18n } = useTranslation('earnings');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const [params, setParams] = useSearchParams();
  const [sheet, setSheet] = useState(false);
  const today = zonedDate(new Date(), 0, timeZone);
  const period = (PERIODS as string[]).includes(params.get('period') ?? '') ? params.get('period') as Period : 'day';
  const date = isIsoDate(params.get('date')) ? params.get('date')! : today;
  const go = (p: Period, d: string) => setParams(p === 'day' && d === today ? {} : { period: p, date: d }, { replace: true });
  const q = `period=${period}&date=${date}`;

  const earnings = useQuery({
    queryKey: earningsKeys.period(communityId, period, date),
    queryFn: () => api<Earnings>(`/api/communities/${communityId}/earnings?${q}`),
    placeholderData: keepPreviousData,
  });
  const e = earnings.data;
  const tierName = (tier: string | null | undefined) => (tier ? t(`tier.${tier}`, { defaultValue: tier }) : t('tiers.unknown'));
  const rangeLabel = (() => {
    if (!e) return '';
    const fmt = (d: string, o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...o }).format(new Date(`${d}T00:00:00Z`));
    if (period === 'day') return `${fmt(e.firstDate as string, { month: 'long', day: 'numeric', weekday: 'short' })}${e.firstDate === today ? ` · ${t('today')}` : ''}`;
    if (period === 'week') return `${fmt(e.firstDate as string, { month: 'numeric', day: 'numeric' })} – ${fmt(e.lastDate as string, { month: 'numeric', day: 'numeric' })}`;
    return fmt(e.firstDate as string, { year: 'numeric', month: 'long' });
  })();
  const atLatest = e ? (e.lastDate as string) >= today : true;

  let content;
  if (!e && earnings.isPending) content = <PageLoading />;
  else if (!e) content = <PageError error={earnings.error} onRetry={() => earnings.refetch()} />;
  else {
    const canWithdraw = e.balances.settledFen >= e.withdrawal.minFen && e.withdrawal.availableFen >= e.withdrawal.minFen;
    content = (
      <>
        <section className="earn-balance" data-testid="earnings-balance">
          <div className="earn-balance-label">{t('balance.available')}</div>
          <div className="earn-balance-amount">{yuan(e.balances.settledFen)}</div>
          {e.balances.pendingPayoutFen > 0 && <div className="earn-balance-sub">{t('balance.inPayout', { amount: yuan(e.balances.pendingPayoutFen) })}</div>}
          {e.balances.deductionsOwedFen > 0 && <div className="earn-balance-sub">{t('balance.owed', { amount: yuan(e.balances.deductionsOwedFen) })}</div>}
          {!canWithdraw && <div className="earn-balance-sub">{t('sheet.notEnough', { min: yuan(e.withdrawal.minFen) })}</div>}
          <Button block shape="rounded" disabled={!canWithdraw} onClick={() => setSheet(true)} data-testid="withdraw-open">{t('balance.withdraw')}</Button>
        </section>

        <div className="earn-periods">
          <CapsuleTabs activeKey={period} onChange={(k) => go(k as Period, date)}>
            {PERIODS.map((p) => <CapsuleTabs.Tab key={p} title={t(`period.${p}`)} />)}
          </CapsuleTabs>
        </div>
        <div className="earn-range">
          <button type="button" aria-label={t('prev')} onClick={() => go(period, shift(period, date, -1))}>‹</button>
          <strong data-testid="earnings-range">{rangeLabel}</strong>
          <button type="button" aria-label={t('next')} disabled={atLatest} onClick={() => go(period, shift(period, date, 1))}>›</button>
        </div>

        <section className="card-block" data-testid="earnings-figures">
          <div className="earn-figures">
            <Figure label={t('figures.sales')} value={yuan(e.salesFen)} sub={t('figures.orders', { count: e.orders })} />
            <Figure label={t('figures.commission')} value={yuan(e.commissionFen)} />
            <Figure label={t('figures.deductions')} value={e.deductionsFen ? `−${yuan(e.deductionsFen)}` : yuan(0)} tone={e.deductionsFen ? 'minus' : undefined} />
            <Figure label={t('figures.net')} value={yuan(e.netFen)} tone="net" />
          </div>
        </section>

        <section className="card-block" data-testid="earnings-tiers">
          <h3 className="block-title">{t('tiers.title')}</h3>
          {e.byTier.length === 0 ? <p className="earn-text muted">{t('tiers.empty')}</p> : e.byTier.map((r) => (
            <div className="earn-row" key={`${r.tier}-${r.rate}`}>
              <span>{t('tiers.row', { tier: tierName(r.tier), rate: pct(r.rate) })} <span className="earn-row-sub">{t('figures.orders', { count: r.orders })} · {yuan(r.salesFen)}</span></span>
              <strong>{yuan(r.commissionFen)}</strong>
            </div>
          ))}
        </section>

        <section className="card-block" data-testid="earnings-pending">
          <h3 className="block-title">{t('pending.title')}</h3>
          <p className="earn-text">{e.pending.heldFen > 0
            ? t('pending.body', { amount: yuan(e.pending.heldFen), count: e.pending.orders, tier: tierName(e.currentTier), rate: pct(e.currentRate), commission: yuan(e.pending.commissionFen) })
            : t('pending.none')}</p>
        </section>

        {e.deductions.length > 0 && (
          <section className="card-block" data-testid="earnings-deductions">
            <h3 className="block-title">{t('deductions.title')}</h3>
            {e.deductions.map((d) => (
              <div className="earn-row" key={d.claimId}>
                <span>{t('deductions.row', { product: d.productName, date: formatTime(d.resolvedAt as string, timeZone, locale) })}</span>
                <strong style={{ color: 'var(--leader-red)' }}>−{yuan(d.amountFen)}</strong>
              </div>
            ))}
            <div className="earn-rule">{t('deductions.rule')}</div>
          </section>
        )}

        <section className="card-block">
          <h3 className="block-title">{t('statement.title')}</h3>
          <p className="earn-text muted">{t('statement.hint')}</p>
          <div className="earn-downloads">
            <a href={`/api/communities/${communityId}/earnings/statement.xlsx?${q}`} download data-testid="statement-xlsx">{t('statement.xlsx')}</a>
            <a href={`/api/communities/${communityId}/earnings/statement.csv?${q}`} download data-testid="statement-csv">{t('statement.csv')}</a>
          </div>
        </section>

        <PayoutHistory communityId={communityId} timeZone={timeZone} />
        <WithdrawSheet communityId={communityId} earnings={e} visible={sheet} onClose={() => setSheet(false)} />
      </>
    );
  }
  return <LeaderPage title={t('title')} communityId={communityId} back={`/leader/${communityId}`}>{content}</LeaderPage>;
}

function Figure({ label, value, sub, tone }: { label: string; value: string; sub?: string; tone?: 'minus' | 'net' }) {
  return (
    <div className="earn-figure">
      <div className="earn-figure-label">{label}</div>
      <div className={`earn-figure-value${tone ? ` ${tone}` : ''}`}>{value}</div>
      {sub && <div className="earn-row-sub">{sub}</div>}
    </div>
  );
}

const statusColor: Record<string, string> = { paid: 'success', failed: 'danger', rejected: 'danger', awaiting_approval: 'warning', sending: 'primary', sent: 'primary' };

function PayoutHistory({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t, i18n } = useTranslation('earnings');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const history = useInfiniteQuery({
    queryKey: earningsKeys.payouts(communityId),
    queryFn: ({ pageParam }) => api<PayoutPage>(`/api/communities/${communityId}/payouts?page=${pageParam}`),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="card-block" data-testid="payout-history">
      <h3 className="block-title">{t('history.title')}</h3>
      {history.isPending ? <PageLoading /> : items.length === 0 ? <EmptyState title={t('history.empty')} /> : items.map((p) => (
        <div className="earn-row" key={p.id} data-testid="payout-row">
          <span>
            {yuan(p.amountFen)} <span className="earn-row-sub">{formatTime(p.createdAt as string, timeZone, locale)}</span>
            {(p.decisionNote && p.status === 'rejected') || p.failureReason ? <div className="earn-row-sub">{t('history.reason', { reason: p.failureReason ?? p.decisionNote })}</div> : null}
          </span>
          <Tag color={statusColor[p.status]} fill="outline" style={{ fontSize: 14, padding: '3px 6px' }}>{t(`status.${p.status}`)}</Tag>
        </div>
      ))}
      {history.hasNextPage && <Button block fill="none" loading={history.isFetchingNextPage} onClick={() => { void history.fetchNextPage(); }}>{t('history.more')}</Button>}
    </section>
  );
}
