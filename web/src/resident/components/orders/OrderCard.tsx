import { Button } from 'antd-mobile';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Me, OrderView } from '../../../shared/types';
import { communityOf } from '../../lib/community';
import { closedEarly, readyLines, realCutoff, usePayOrder } from '../../lib/orders';
import { useTimeFormat } from '../../lib/time';
import { Price } from '../Price';
import { ChevronRight } from '../icons';
import { LineRow, ProgressTag } from './LineRow';
import type { ReviewableLine } from '../../lib/reviews';
import { OrderReviewEntries } from '../reviews/ReviewsEntry';

const SHOWN = 3;

/** An order in 「我的订单」: its lines (跟团号, state each), total, and what to do next (pay, or show the pickup code). */
export function OrderCard({ order: o, me, toReview }: { order: OrderView; me: Me; toReview?: ReviewableLine[] }) {
  const { t } = useTranslation('resident');
  const fmt = useTimeFormat(communityOf(me, o.communityId)?.timeZone);
  const pay = usePayOrder();
  const ready = readyLines(o).length > 0;
  const units = o.lines.reduce((s, l) => s + l.quantity, 0);
  // While she waits for the cut-off or 成团, the cut-off that applies (the leader may have closed early).
  const waiting = o.progress === 'waiting' || o.progress === 'pending_payment' ? o.lines.find((l) => l.status === 'paid' || l.status === 'pending_payment' || l.status === 'confirmed') : undefined;
  return (
    <div className={`r-order-card${ready ? ' r-order-ready' : ''}`} data-testid="order-card">
      <Link to={`/orders/${o.id}`} className="r-ocard-main">
        <div className="r-ocard-head">
          <span className="r-muted">{t('orders.placedAt', { time: fmt.time(o.createdAt) })}</span>
          <ProgressTag progress={o.progress} />
        </div>
        {o.lines.slice(0, SHOWN).map((l) => <LineRow key={l.id} line={l} orderId={o.id} compact hideState={o.status !== 'paid'} />)}
        {waiting && <div className="r-muted" data-testid="order-card-cutoff">{closedEarly(waiting.groupBuy) ? t('orders.closedEarly', { time: fmt.time(realCutoff(waiting.groupBuy)) }) : t('orders.cutoffAt', { time: fmt.time(realCutoff(waiting.groupBuy)) })}</div>}
        {o.lines.length > SHOWN && <div className="r-ocard-more">{t('orders.moreLines', { n: o.lines.length - SHOWN })}<ChevronRight size={14} /></div>}
      </Link>
      <div className="r-order-foot">
        <span className="r-ocard-total">{t('orders.total', { n: units })} <Price fen={o.totalFen} size="sm" /></span>
        {o.status === 'pending_payment' ? (
          <span className="r-order-pay">
            <span className="r-small r-warning">{t('orders.payBy', { time: fmt.short(o.paymentDueAt) })}</span>
            <Button color="primary" shape="rounded" loading={pay.isPending && pay.variables === o.id} onClick={() => pay.mutate(o.id)} data-testid="pay-order">{t('orders.pay')}</Button>
          </span>
        ) : ready ? (
          <Link to={`/c/${o.communityId}/pickup`} className="r-order-code-link" data-testid="order-pickup-link">{t('orders.showCode')}</Link>
        ) : null}
      </div>
      {toReview && <OrderReviewEntries lines={toReview} />}
    </div>
  );
}
