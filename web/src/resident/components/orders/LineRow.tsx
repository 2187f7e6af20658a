import { Tag } from 'antd-mobile';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../../shared/api';
import type { OrderLineView, OrderProgress } from '../../../shared/types';
import { lineState, type LineState } from '../../lib/orders';
import { claimWindowOpen, type LineClaim } from '../claims';
import { ProductImage } from '../ProductImage';
import { ChevronRight } from '../icons';
import { useLimits } from '../../../shared/limits';
import type { OrderReviewState } from '../../lib/reviews';
import { LineReviewEntry } from '../reviews/LineReviewEntry';

const stateColors: Record<LineState, string> = {
  toPay: 'warning', waitingCutoff: 'primary', waitingArrival: 'primary', ready: 'success',
  collected: 'default', refunded: 'default', notCollected: 'danger', cancelled: 'default',
};

export function LineStateTag({ line }: { line: OrderLineView }) {
  const { t } = useTranslation('resident');
  const s = lineState(line);
  return <Tag color={stateColors[s]} fill={s === 'ready' ? 'solid' : 'outline'} round className="r-status-tag" data-testid="line-state">{t(`line.state.${s}`)}</Tag>;
}

const progressColors: Record<OrderProgress, string> = {
  pending_payment: 'warning', waiting: 'primary', ready: 'success', partly_collected: 'success',
  collected: 'default', refunded: 'default', not_collected: 'danger', cancelled: 'default',
};

export function ProgressTag({ progress }: { progress: OrderProgress }) {
  const { t } = useTranslation('resident');
  return <Tag color={progressColors[progress]} fill={progress === 'ready' ? 'solid' : 'outline'} round className="r-status-tag" data-testid="order-progress">{t(`orders.progress.${progress}`)}</Tag>;
}

/** 跟团号 「#12」 — her number in that group buy, given at payment. */
export function GroupNumber({ n }: { n: number | null }) {
  const { t } = useTranslation('resident');
  if (n == null) return null;
  return <span className="r-gnum" aria-label={t('line.numberLabel', { n })} data-testid="group-number">#{n}</span>;
}

/** One line of an order: what, how many, 跟团号, its own state, refunds, and 售后 once collected. */
export function LineRow({ line, orderId, compact, claim, hideState, review }: { line: OrderLineView; orderId: string; compact?: boolean; claim?: LineClaim | null; hideState?: boolean; review?: OrderReviewState }) {
  const { t } = useTranslation('resident');
  const { windowDays } = useLimits().claims;
  const s = lineState(line);
  const refundedPart = line.refundedQuantity > 0 && s !== 'refunded' && s !== 'cancelled';
  return (
    <div className={`r-oline r-oline-${s}`} data-testid="order-line" data-line-id={line.id}>
      <ProductImage src={line.product.imageUrls[0]} alt={line.product.name} className="r-oline-img" />
      <div className="r-oline-text">
        <div className="r-oline-head">
          <span className="r-oline-name" translate="no">{line.product.name}</span>
          <GroupNumber n={line.groupNumber} />
        </div>
        {!compact && <div className="r-oline-spec" translate="no">{line.product.spec}</div>}
        <div className="r-oline-qty">{yuan(line.unitPriceFen)} × {line.quantity}</div>
        <div className="r-oline-state">
          {!hideState && <LineStateTag line={line} />}
          {refundedPart && <span className="r-oline-refund">{t('line.refundedPart', { n: line.refundedQuantity, unit: line.product.unit })}</span>}
          {s === 'refunded' && line.refundedQuantity > 0 && <span className="r-oline-refund">{t('line.refundedAll', { amount: yuan(line.refundedQuantity * line.unitPriceFen) })}</span>}
        </div>
        {!compact && claim && (
          <Link to={`/claims/${claim.id}`} className="r-oline-claim" data-testid="line-claim-progress">
            {t('line.claimProgress', { status: t(`aftersales.status.${claim.status}`) })}<ChevronRight size={14} />
          </Link>
        )}
        {!compact && !claim && s === 'collected' && claimWindowOpen(line.pickedUpAt, windowDays) && (
          <Link to={`/orders/${orderId}/claim?line=${line.id}`} className="r-oline-claim" data-testid="line-claim">
            {t('line.claim')}<ChevronRight size={14} />
          </Link>
        )}
        {!compact && review && <LineReviewEntry state={review} />}
      </div>
    </div>
  );
}
