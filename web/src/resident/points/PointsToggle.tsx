import { Switch } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { MyPoints } from './api';

/** The points an order of `totalFen` can take: all she has, up to the order's cap (as the server computes it). */
export function pointsUsable(p: Pick<MyPoints, 'available' | 'checkout'>, totalFen: number): number {
  const cap = Math.floor((totalFen * p.checkout.maxShareBasisPoints) / 10_000 / p.checkout.fenPerPoint);
  return Math.max(0, Math.min(p.available, cap));
}

/** 积分抵扣 at checkout: a switch that shows how much her points take off. */
export function PointsToggle({ points, totalFen, on, onChange }: { points: MyPoints; totalFen: number; on: boolean; onChange: (on: boolean) => void }) {
  const { t } = useTranslation('points');
  const usable = pointsUsable(points, totalFen);
  const yuan = ((usable * points.checkout.fenPerPoint) / 100).toFixed(2);
  return (
    <section className="r-card" data-testid="points-toggle" style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 12, minHeight: 44 }}>
      <span style={{ fontSize: 16 }}>
        {usable > 0 ? t('checkoutToggle', { points: usable, yuan }) : t('checkoutNone', { available: points.available })}
      </span>
      <Switch checked={on && usable > 0} disabled={usable === 0} onChange={onChange} aria-label={t('checkoutToggle', { points: usable, yuan })} />
    </section>
  );
}
