import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../shared/api';
import { useCountdownLabel } from '../components';
import { useNow } from '../lib';
import type { LeaderDashboard } from './types';
import { Name, named } from '../../shared/names';

/** The four numbers of the morning, large: to hand over, not collected, sales and commission today. */
export function TodayNumbers({ d, base }: { d: LeaderDashboard; base: string }) {
  const { t } = useTranslation('morning');
  const navigate = useNavigate();
  const tiles = [
    { key: 'handover', label: t('today.toHandOver'), value: String(d.toHandOver.orders), unit: t('today.toHandOverUnit', { households: d.toHandOver.households, units: d.toHandOver.units }), go: 'pickup' },
    { key: 'not-collected', label: t('today.notCollected'), value: String(d.notCollected.households), unit: t('today.notCollectedUnit'), go: 'pending', warn: d.notCollected.households > 0 },
    { key: 'sales', label: t('today.sales'), value: yuan(d.sales.paidFen), unit: t('today.salesUnit', { orders: d.sales.paidOrders, handed: yuan(d.sales.handedOverFen) }) },
    { key: 'earnings', label: t('today.earnings'), value: yuan(d.sales.commissionFen), unit: t('today.earningsUnit') },
  ];
  return (
    <section className="md-numbers" aria-label={t('today.title')}>
      {tiles.map((tile) => (
        <button type="button" key={tile.key} className={`md-number${tile.warn ? ' warn' : ''}`} data-testid={`md-${tile.key}`}
          onClick={tile.go ? () => navigate(`${base}/${tile.go}`) : undefined} disabled={!tile.go}>
          <span className="md-number-label">{tile.label}</span>
          <span className="md-number-value">{tile.value}</span>
          <span className="md-number-unit">{tile.unit}</span>
        </button>
      ))}
    </section>
  );
}

/** Each pickup point's hand-overs for today. */
export function PointsCard({ d }: { d: LeaderDashboard }) {
  const { t } = useTranslation('morning');
  return (
    <section className="md-card" aria-label={t('points.title')} data-testid="md-points">
      <h2 className="md-card-title">{t('points.title')}</h2>
      {d.points.map((p) => (
        <div key={p.id} className="md-row">
          <div className="md-row-main">
            <div className="md-row-title" translate="no">{p.name}</div>
            <div className="md-row-sub">{p.toHandOver.orders > 0 ? t('points.line', p.toHandOver) : t('points.allDone')}</div>
          </div>
          {p.notCollected.households > 0 && <span className="md-pill warn">{t('points.notCollected', p.notCollected)}</span>}
        </div>
      ))}
    </section>
  );
}

/** Claims waiting for him, soonest deadline first; an overdue one is red. */
export function ClaimsCard({ d, base }: { d: LeaderDashboard; base: string }) {
  const { t } = useTranslation('morning');
  const navigate = useNavigate();
  const now = useNow(30_000);
  const countdown = useCountdownLabel();
  return (
    <section className="md-card" aria-label={t('claims.title')} data-testid="md-claims">
      <h2 className="md-card-title">{t('claims.title')}{d.claims.length > 0 && <span className="md-count">{d.claims.length}</span>}</h2>
      {d.claims.length === 0 ? <div className="md-empty">{t('claims.none')}</div> : d.claims.map((c) => {
        const left = c.deadlineAt ? new Date(c.deadlineAt).getTime() - now.getTime() : null;
        const overdue = c.overdue || (left !== null && left <= 0);
        return (
          <button type="button" key={c.id} className="md-row md-row-link" onClick={() => navigate(`${base}/claims/${c.id}`)}>
            <div className="md-row-main">
              <div className="md-row-title">{named(t, 'claims.line', { name: c.residentName, product: c.productName, quantity: c.quantity })}</div>
              <div className="md-row-sub">{yuan(c.amountFen)}</div>
            </div>
            {left !== null && <span className={`md-pill${overdue ? ' danger' : left < 3 * 3_600_000 ? ' warn' : ''}`}>{overdue ? t('claims.overdue') : t('claims.dueIn', { left: countdown(left) })}</span>}
          </button>
        );
      })}
    </section>
  );
}

/** Each open group buy: sold of stock, orders, time to cut-off. */
export function ProgressCard({ d }: { d: LeaderDashboard }) {
  const { t } = useTranslation('morning');
  const navigate = useNavigate();
  const now = useNow(30_000);
  const countdown = useCountdownLabel();
  return (
    <section className="md-card" aria-label={t('progress.title')} data-testid="md-progress">
      <h2 className="md-card-title">{t('progress.title')}</h2>
      {d.groupBuys.length === 0 ? <div className="md-empty">{t('progress.none')}</div> : d.groupBuys.map((g) => {
        const pct = g.stockTotal > 0 ? Math.min(100, Math.round((g.sold / g.stockTotal) * 100)) : 0;
        const left = new Date(g.cutoffAt).getTime() - now.getTime();
        return (
          <button type="button" key={g.id} className="md-row md-row-link md-progress" onClick={() => navigate(`/leader/group-buys/${g.id}`)}>
            <div className="md-row-main">
              <div className="md-row-title" translate="no">{g.title}</div>
              <div className="gb-card-bar" aria-hidden="true"><div style={{ width: `${pct}%` }} /></div>
              <div className="md-row-sub">
                <b>{t('progress.sold', { sold: g.sold, stock: g.stockTotal })}</b> · {t('progress.orders', { orders: g.orders, buyers: g.buyers })}
              </div>
            </div>
            <span className={`md-pill${left < 3 * 3_600_000 ? ' warn' : ''}`}>{t('progress.cutoff', { left: countdown(left) })}</span>
          </button>
        );
      })}
    </section>
  );
}
