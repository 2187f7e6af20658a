import { useTranslation } from 'react-i18next';
import type { NpsReport } from '../../shared/types';
import { PageError } from '../../shared/states';
import { MonthlyRatesChart, type MonthlyRatesRow } from '../TrustIndexChart';
import { type MonthlyQuery } from './useTrustIndex';
import { pct } from './format';

/** Below this many orders in a month its rates are marked 「样本少」. */
export const MONTH_MIN_ORDERS = 30;
export function NpsCard({ query }: { query: { data?: NpsReport; isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown } }) {
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

/** 售后率 and 投诉率 by month: a small bar chart and the figures, small months marked 「样本少」. */
export function MonthlyCard({ query }: { query: MonthlyQuery }) {
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
