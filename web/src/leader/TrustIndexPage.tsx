import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { PullToRefresh, Tag } from 'antd-mobile';
import { api, formatTime } from '../shared/api';
import type { LeaderFactor, LeaderIndexReading, LeaderTier, LeaderTrustIndex, MonthlyMeasures, NpsReport } from '../shared/types';
import { EmptyState, PageError, PageLoading } from '../shared/states';
import { LeaderPage, NotLeader, useLeaderOf } from './components';
import { zonedParts, zonedToInstant } from './lib';
import { MonthlyRatesChart, TIER_COLORS, TrustIndexChart, type MonthlyRatesRow } from './TrustIndexChart';
import { metricsKeys, trustKeys } from '../shared/query-keys';

/** TRUST.md §4's four dimensions in their order, then fulfilment accuracy (F^0.10). */
const DIMENSIONS: LeaderFactor[] = ['satisfaction', 'complaintControl', 'responseSpeed', 'activity', 'fulfilment'];
/** Readings from before fulfilment was measured carry no weight for it: the server's is 0.10. */
const FULFILMENT_WEIGHT = 0.1;
/** Below this many orders in a month its rates are marked 「样本少」. */
const MONTH_MIN_ORDERS = 30;
const MONTHS_SHOWN = 6;
/** TRUST.md §4 tiers (operators may tune them; the server's reading carries the tier and rate). */
const TIERS: { tier: LeaderTier; min: number }[] = [
  { tier: 'gold', min: 85 }, { tier: 'silver', min: 75 }, { tier: 'standard', min: 60 }, { tier: 'watch', min: 45 }, { tier: 'rectify', min: 0 },
];
const MIN_ORDERS_FOR_TIER = 50;

const pct = (rate: number) => `${(Math.round(rate * 1000) / 10).toString()}%`;
const one = (x: number) => (Math.round(x * 10) / 10).toFixed(1);

/** /leader/:communityId/trust — the leader's own trust index: the number, its parts, its history, his NPS. */
export function TrustIndexPage() {
  const { communityId = '' } = useParams();
  const { community, me } = useLeaderOf(communityId);
  if (!community || !me) return <NotLeader />;
  return <TrustIndex communityId={communityId} leaderId={me.user.id} timeZone={community.timeZone} />;
}

function TrustIndex({ communityId, leaderId, timeZone }: { communityId: string; leaderId: string; timeZone: string }) {
  const { t } = useTranslation('leader');
  const index = useQuery({
    queryKey: trustKeys.leaderIndex(leaderId),
    queryFn: () => api<LeaderTrustIndex>(`/api/leaders/${leaderId}/trust-index`),
  });
  const nps = useQuery({
    queryKey: metricsKeys.leaderNps(communityId),
    queryFn: () => api<NpsReport>(`/api/metrics/nps?communityId=${communityId}&subjectType=leader`),
  });
  const monthly = useMonthlyMeasures(communityId, timeZone);

  let body;
  if (index.isPending) body = <PageLoading />;
  else if (index.isError) body = <PageError error={index.error} onRetry={() => index.refetch()} />;
  else if (index.data.readings.length === 0) {
    body = (
      <>
        <EmptyState title={t('trust.noReading')} description={t('trust.noReadingHint')} />
        <NpsCard query={nps} />
        <MonthlyCard query={monthly} />
      </>
    );
  } else {
    const readings = index.data.readings;
    const latest = readings[readings.length - 1];
    body = (
      <>
        <IndexHero reading={latest} timeZone={timeZone} />
        <DimensionBars reading={latest} weights={index.data.weights} />
        <section className="card-block">
          <h2 className="block-title">{t('trust.chartTitle')}</h2>
          <TrustIndexChart readings={readings} timeZone={timeZone} />
          <TierChanges readings={readings} timeZone={timeZone} />
        </section>
        <NpsCard query={nps} />
        <MonthlyCard query={monthly} />
        <TierLadder current={latest.tier} />
      </>
    );
  }

  return (
    <LeaderPage title={t('trust.navTitle')} communityId={communityId} back={`/leader/${communityId}`}>
      <PullToRefresh onRefresh={async () => { await Promise.all([index.refetch(), nps.refetch(), monthly.refetch()]); }}>{body}</PullToRefresh>
    </LeaderPage>
  );
}

function TierTag({ tier }: { tier: LeaderTier }) {
  const { t } = useTranslation('leader');
  return <Tag className="tier-tag" color={TIER_COLORS[tier]} fill="solid" round>{t('trust.tierSuffix', { tier: t(`trust.tiers.${tier}`) })}</Tag>;
}

function IndexHero({ reading: r, timeZone }: { reading: LeaderIndexReading; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const provisional = r.reason === 'provisional';
  return (
    <section className={`trust-hero tier-${r.tier}`}>
      <div className="trust-hero-label">{t('trust.indexLabel')}</div>
      <div className="trust-hero-main">
        <div className="trust-hero-value">
          <span className="trust-hero-num" data-testid="leader-index">{one(r.indexValue)}</span>
          <span className="trust-hero-outof">{t('trust.outOf')}</span>
        </div>
        <div className="trust-hero-tier" data-testid="leader-tier" data-tier={r.tier}>
          <TierTag tier={r.tier} />
          {provisional && <span className="trust-provisional-tag">{t('trust.provisionalTag')}</span>}
        </div>
      </div>
      <div className="trust-hero-commission" data-testid="leader-commission">
        <strong>{t('trust.commission', { rate: pct(r.commissionRate) })}</strong>
        <span>{t(`trust.commissionDelta.${r.tier}`)}</span>
      </div>
      {provisional && (
        <div className="trust-provisional" data-testid="leader-provisional">
          {t('trust.provisional', { orders: r.orders, min: MIN_ORDERS_FOR_TIER })}
        </div>
      )}
      <div className="trust-hero-updated">{t('trust.updatedAt', { time: formatTime(r.computedAt, timeZone, i18n.language === 'en' ? 'en' : 'zh-CN') })}</div>
    </section>
  );
}

/** One horizontal bar per dimension: its contribution w·ln d to ln L (TRUST.md §4), with the score and inputs in words. */
function DimensionBars({ reading: r, weights: given }: { reading: LeaderIndexReading; weights: LeaderTrustIndex['weights'] }) {
  const { t } = useTranslation('leader');
  const weights: Record<LeaderFactor, number> = { ...given, fulfilment: given.fulfilment ?? FULFILMENT_WEIGHT };
  // A reading from before fulfilment was measured counts it as perfect (F = 1, no pull).
  const component = (k: LeaderFactor) => r.components[k] ?? 1;
  const contribution = (k: LeaderFactor) => r.components[`ln_${k}`] ?? weights[k] * Math.log(Math.max(0.001, component(k)));
  const values = DIMENSIONS.map((k) => ({ k, v: contribution(k) }));
  const sum = values.reduce((s, x) => s + x.v, 0);
  // Bars share one scale so they compare; a floor keeps tiny pulls looking tiny.
  const scale = Math.max(0.2, ...values.map((x) => Math.abs(x.v)));
  const n1 = (x: number) => (Math.round(x * 10) / 10).toString();
  // The inputs are counts weighted by how recent they are, so they are shown to one decimal at most.
  const inputs = (k: LeaderFactor) => {
    const i = r.inputs;
    switch (k) {
      case 'satisfaction': return [t('trust.inputs.satisfaction', { good: n1(i.goodRatings), bad: n1(i.badRatings) }), t('trust.inputs.satisfactionPrior')];
      case 'complaintControl': return [t('trust.inputs.complaintControl', { orders: n1(i.orders), complaints: n1(i.complaints) }), t('trust.inputs.complaintControlHint')];
      case 'responseSpeed': return [
        (i.claimsOnTime ?? 0) + (i.claimsLate ?? 0) > 0
          ? t('trust.inputs.responseSpeedClaims', { onTime: n1(i.claimsOnTime ?? 0), late: n1(i.claimsLate ?? 0) })
          : t('trust.inputs.responseSpeed'),
        t('trust.inputs.responseSpeedHint'),
      ];
      case 'activity': return [t('trust.inputs.activity', { buyers: i.qualifiedBuyers30d }), t('trust.inputs.activityHint')];
      case 'fulfilment': return [t('trust.inputs.fulfilment', { handed: n1(i.handedOver ?? 0), faults: n1(i.handoverFaults ?? 0) }), t('trust.inputs.fulfilmentHint')];
    }
  };
  return (
    <section className="card-block" data-testid="leader-index-bars">
      <h2 className="block-title">{t('trust.barsTitle')}</h2>
      <p className="trust-intro">{t('trust.barsIntro')}</p>
      {values.map(({ k, v }) => {
        const score = Math.round(100 * component(k));
        const [main, hint] = inputs(k);
        return (
          <div className="dim" key={k} data-testid={`dim-${k}`}>
            <div className="dim-head">
              <span className="dim-name">{t(`trust.dims.${k}`)}</span>
              <span className="dim-score">{t('trust.score', { s: score })}</span>
              <span className="dim-weight">{t('trust.weight', { w: Math.round(weights[k] * 100) })}</span>
            </div>
            <div className="dim-bar-row">
              <div className="dim-bar" role="img" aria-label={`${t(`trust.dims.${k}`)} ${v.toFixed(3)}`}>
                <div className={`dim-bar-fill${Math.abs(v) / scale > 0.6 ? ' heavy' : ''}`} style={{ width: `${Math.max(1.5, (Math.abs(v) / scale) * 100)}%` }} />
              </div>
              <span className="dim-value">{v.toFixed(3)}</span>
              <span className="dim-factor">{t('trust.factor', { f: Math.exp(v).toFixed(2) })}</span>
            </div>
            <div className="dim-inputs">{main}</div>
            <div className="dim-hint">{hint}</div>
          </div>
        );
      })}
      <div className="dim-total">{t('trust.total', { sum: sum.toFixed(3), index: one(100 * Math.exp(sum)) })}</div>
      <p className="trust-intro trust-formula-note">{t('trust.barsFormula')}</p>
    </section>
  );
}

function TierChanges({ readings, timeZone }: { readings: LeaderIndexReading[]; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const changes = readings.filter((r) => r.tierChanged).slice(-5).reverse();
  if (changes.length === 0) return null;
  return (
    <div className="tier-changes">
      <div className="tier-changes-title">{t('trust.changesTitle')}</div>
      {changes.map((r) => (
        <div className="tier-change" key={r.id ?? r.computedAt}>
          <span className="tier-dot" style={{ background: TIER_COLORS[r.tier] }} aria-hidden="true" />
          <span className="tier-change-time">{formatTime(r.computedAt, timeZone, i18n.language === 'en' ? 'en' : 'zh-CN')}</span>
          <span className="tier-change-text">{t('trust.changeRow', { tier: t(`trust.tiers.${r.tier}`), reason: t(`trust.reasons.${r.reason}`) })}</span>
          <span className="tier-change-value">{one(r.indexValue)}</span>
        </div>
      ))}
    </div>
  );
}

function NpsCard({ query }: { query: { data?: NpsReport; isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown } }) {
  const { t } = useTranslation('leader');
  const d = query.data;
  return (
    <section className="card-block" data-testid="leader-nps">
      <h2 className="block-title">{t('trust.npsTitle')}</h2>
      {query.isPending ? <div className="center-muted">{t('loading', { ns: 'common' })}</div>
        : query.isError || !d ? <PageError error={query.error} onRetry={() => { void query.refetch(); }} />
        : d.insufficient || d.nps === null ? (
          <div className="nps-insufficient">
            <div className="nps-insufficient-title" data-testid="leader-nps-insufficient">{t('trust.npsInsufficient', { min: d.minSample })}</div>
            {/* The breakdown of a handful of answers could give away who said what, so only the count is shown. */}
            <div className="section-hint nps-hint">{t('trust.npsInsufficientHint', { n: d.n, min: d.minSample })}</div>
          </div>
        ) : (
          <>
            <div className="nps-main">
              <span className="nps-value" data-testid="leader-nps-value">{d.nps > 0 ? `+${d.nps}` : d.nps}</span>
              {d.marginOfError95 !== null && <span className="nps-moe">{t('trust.npsMargin', { moe: d.marginOfError95 })}</span>}
              <span className="nps-n">{t('trust.npsN', { n: d.n })}</span>
            </div>
            <div className="nps-split" aria-hidden="true">
              <div className="p" style={{ flex: d.promoters }} />
              <div className="m" style={{ flex: d.passives }} />
              <div className="d" style={{ flex: d.detractors }} />
            </div>
            <div className="nps-legend">
              <span><i className="p" />{t('trust.npsPromoters')} {d.promoters}</span>
              <span><i className="m" />{t('trust.npsPassives')} {d.passives}</span>
              <span><i className="d" />{t('trust.npsDetractors')} {d.detractors}</span>
            </div>
          </>
        )}
      <p className="trust-intro trust-formula-note">{t('trust.npsExplain')}</p>
    </section>
  );
}

/** "YYYY-MM" of the last `n` months, oldest first, in the community's zone, with the instants they span. */
function lastMonths(now: Date, timeZone: string, n: number) {
  const p = zonedParts(now, timeZone);
  const key = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`;
  const months: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(p.year, p.month - 1 - i, 1));
    months.push(key(d.getUTCFullYear(), d.getUTCMonth() + 1));
  }
  const next = new Date(Date.UTC(p.year, p.month, 1));
  const from = zonedToInstant(`${months[0]}-01`, '00:00', timeZone) ?? new Date(`${months[0]}-01T00:00:00Z`);
  const nextKey = key(next.getUTCFullYear(), next.getUTCMonth() + 1);
  const to = zonedToInstant(`${nextKey}-01`, '00:00', timeZone) ?? new Date(`${nextKey}-01T00:00:00Z`);
  return { months, from, to };
}

/** His community's measures for the last six months (GET /api/metrics/monthly), one row per month with or without orders. */
function useMonthlyMeasures(communityId: string, timeZone: string) {
  const { months, from, to } = lastMonths(new Date(), timeZone, MONTHS_SHOWN);
  return useQuery({
    queryKey: metricsKeys.leaderMonthly(communityId, months[0]),
    queryFn: async () => {
      const q = new URLSearchParams({ communityId, from: from.toISOString(), to: to.toISOString() });
      const { items } = await api<{ items: MonthlyMeasures[] }>(`/api/metrics/monthly?${q.toString()}`);
      return months.map((month) => ({ month, row: items.find((x) => x.month === month) ?? null }));
    },
    staleTime: 5 * 60_000,
  });
}

type MonthlyQuery = ReturnType<typeof useMonthlyMeasures>;

/** 售后率 and 投诉率 by month: a small bar chart and the figures, small months marked 「样本少」. */
function MonthlyCard({ query }: { query: MonthlyQuery }) {
  const { t, i18n } = useTranslation('leader');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const monthName = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
  const rows: MonthlyRatesRow[] = (query.data ?? []).map(({ month, row }) => ({
    month,
    label: monthName.format(new Date(`${month}-01T00:00:00Z`)),
    orders: row?.orders ?? 0,
    claims: row?.claims ?? 0,
    complaints: row?.complaints ?? 0,
    claimRate: row?.claimRate ?? null,
    complaintRate: row?.complaintRate ?? null,
    small: (row?.orders ?? 0) < MONTH_MIN_ORDERS,
  }));
  const anyOrders = rows.some((r) => r.orders > 0);
  const rate = (x: number | null) => (x === null ? t('trust.monthly.none') : pct(x));
  return (
    <section className="card-block" data-testid="leader-monthly">
      <h2 className="block-title">{t('trust.monthly.title')} <span className="block-title-extra">{t('trust.monthly.range')}</span></h2>
      {query.isPending ? <div className="center-muted">{t('loading', { ns: 'common' })}</div>
        : query.isError ? <PageError error={query.error} onRetry={() => { void query.refetch(); }} />
        : !anyOrders ? <div className="center-muted" data-testid="leader-monthly-empty">{t('trust.monthly.empty')}</div>
        : (
          <>
            <MonthlyRatesChart rows={rows} />
            <table className="monthly-table" data-testid="leader-monthly-table">
              <thead>
                <tr>
                  <th scope="col">{t('trust.monthly.month')}</th>
                  <th scope="col">{t('trust.monthly.orders')}</th>
                  <th scope="col">{t('trust.monthly.claimRate')}</th>
                  <th scope="col">{t('trust.monthly.complaintRate')}</th>
                </tr>
              </thead>
              <tbody>
                {[...rows].reverse().map((r) => (
                  <tr key={r.month} className={r.orders === 0 ? 'empty' : r.small ? 'small' : ''} data-month={r.month}>
                    <th scope="row">
                      <span className="monthly-month">{r.label}</span>
                      {r.orders > 0 && r.small && <span className="sample-small" data-testid="monthly-small">{t('trust.monthly.small')}</span>}
                    </th>
                    <td>{r.orders}</td>
                    <td>{rate(r.claimRate)}{r.claims > 0 && <span className="monthly-n">{t('trust.monthly.count', { n: r.claims })}</span>}</td>
                    <td>{rate(r.complaintRate)}{r.complaints > 0 && <span className="monthly-n">{t('trust.monthly.count', { n: r.complaints })}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {rows.some((r) => r.orders > 0 && r.small) && <p className="trust-intro trust-formula-note">{t('trust.monthly.smallHint', { min: MONTH_MIN_ORDERS })}</p>}
          </>
        )}
      <p className="trust-intro trust-formula-note">{t('trust.monthly.explain')}</p>
    </section>
  );
}

function TierLadder({ current }: { current: LeaderTier }) {
  const { t } = useTranslation('leader');
  return (
    <section className="card-block">
      <h2 className="block-title">{t('trust.ladderTitle')}</h2>
      <div className="tier-ladder">
        {TIERS.map((x) => (
          <div key={x.tier} className={`tier-step${x.tier === current ? ' current' : ''}`}>
            <span className="tier-dot" style={{ background: TIER_COLORS[x.tier] }} aria-hidden="true" />
            <span className="tier-step-who">
              <span className="tier-step-name">{t(`trust.tiers.${x.tier}`)}</span>
              <span className="tier-step-min">{x.min > 0 ? t('trust.ladderRow', { min: x.min }) : t('trust.ladderBottom')}</span>
            </span>
            <span className="tier-step-effect">{t(`trust.commissionDelta.${x.tier}`)}</span>
          </div>
        ))}
      </div>
      <p className="trust-intro trust-formula-note">{t('trust.ladderRule')}</p>
    </section>
  );
}
