import { useTranslation } from 'react-i18next';
import { yuan } from '../../../shared/api';
import type { OrderView } from '../../../shared/types';

/** What her leader cancelled or refunded on this order, with his reason and his name. */
export function LeaderChanges({ order, time }: { order: OrderView; time: (iso: string) => string }) {
  const { t } = useTranslation('orderChanges');
  if (order.changes.length === 0) return null;
  return (
    <section className="r-card r-leader-changes" data-testid="order-leader-changes">
      <h2 className="r-card-title">{t('resident.title')}</h2>
      <ul className="r-leader-change-list">
        {order.changes.map((c) => {
          const product = order.lines.find((l) => l.id === c.lineId)?.product.name ?? '';
          const reason = c.note ? t('withNote', { reason: t(`reasons.${c.reasonCode}`), note: c.note }) : t(`reasons.${c.reasonCode}`);
          return (
            <li key={c.id} className="r-leader-change" data-testid="order-leader-change">
              <div className="r-strong">{c.kind === 'cancel' ? t('resident.cancel', { leader: c.leaderName, product, quantity: c.quantity }) : t('resident.refund', { leader: c.leaderName, product, amount: yuan(c.amountFen) })}</div>
              <div>{t('resident.reason', { reason })}</div>
              {c.kind === 'cancel' && c.amountFen > 0 && <div className="r-small r-muted">{t('resident.cancelRefund', { amount: yuan(c.amountFen) })}</div>}
              <div className="r-small r-muted">{time(c.createdAt)}</div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
