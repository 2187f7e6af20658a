import { useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Tag } from 'antd-mobile';
import { formatTime, yuan } from '../shared/api';
import { PageError, PageLoading } from '../shared/states';
import { LeaderPage, NotLeader, ProductImage, useLeaderOf } from './components';
import { useLeaderOrder, type DetailLine, type LeaderOrderDetail } from './order-detail/useLeaderOrder';
import { ActionSheet, type Pending } from './order-detail/ActionSheet';
import './order-detail/order-detail.css';

/** /leader/:communityId/orders/:orderId — one neighbour's order: lines, 跟团号, 门牌, payment, history; cancel or refund with a reason. */
export function OrderDetailPage() {
  const { communityId = '', orderId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <OrderDetailView communityId={communityId} orderId={orderId} timeZone={community.timeZone} />;
}

function OrderDetailView({ communityId, orderId, timeZone }: { communityId: string; orderId: string; timeZone: string }) {
  const { t } = useTranslation('orderChanges');
  const detail = useLeaderOrder(communityId, orderId);
  let body;
  if (detail.isPending) body = <PageLoading />;
  else if (detail.isError) body = <PageError error={detail.error} onRetry={() => detail.refetch()} />;
  else body = <DetailBody communityId={communityId} data={detail.data} timeZone={timeZone} />;
  return <LeaderPage title={t('leader.title')} communityId={communityId}>{body}</LeaderPage>;
}

function DetailBody({ communityId, data, timeZone }: { communityId: string; data: LeaderOrderDetail; timeZone: string }) {
  const { t, i18n } = useTranslation('orderChanges');
  const when = (iso: string) => formatTime(iso, timeZone, i18n.language === 'en' ? 'en' : 'zh-CN');
  const [pending, setPending] = useState<Pending | null>(null);
  const { order, resident, payment } = data;
  const name = resident.displayName || resident.maskedName;
  const actionOf = (id: string) => data.actions.find((a) => a.lineId === id)!;
  const live = order.lines.filter((l) => l.status !== 'cancelled' && l.status !== 'refunded');
  const wholeCancellable = order.status !== 'cancelled' && live.length > 0 && live.every((l) => actionOf(l.id).cancellableQuantity > 0);

  return (
    <div className="lod" data-testid="leader-order-detail" data-status={order.status}>
      <section className="card-block lod-who">
        <div className="lod-who-main">
          <div className="lod-name" data-testid="lod-name">{name}</div>
          <div className="lod-door">{resident.doorNumber ? t('leader.door', { door: resident.doorNumber }) : t('leader.noDoor')}</div>
        </div>
        <div className="lod-who-side">
          <div className="lod-muted">{t('leader.orderNo', { no: order.id.slice(0, 8).toUpperCase() })}</div>
          <div className="lod-muted">{t('leader.placedAt', { time: when(order.createdAt) })}</div>
        </div>
        {order.note && <div className="lod-note"><b>{t('leader.note')}</b>{order.note}</div>}
      </section>

      <section className="card-block lod-lines">
        {order.lines.map((l) => <LineCard key={l.id} line={l} action={actionOf(l.id)} onCancel={(max) => setPending({ kind: 'cancel', line: l, max })} onRefund={(max) => setPending({ kind: 'refund', line: l, max })} />)}
        {wholeCancellable && live.length > 1 && (
          <Button block fill="outline" color="danger" className="lod-cancel-order" onClick={() => setPending({ kind: 'cancelOrder' })} data-testid="lod-cancel-order">{t('leader.cancelOrder')}</Button>
        )}
      </section>

      <section className="card-block lod-pay" data-testid="lod-payment">
        <h3 className="lod-h">{t('leader.payment')}</h3>
        {payment ? (
          <div className="lod-pay-grid">
            <PayCell label={t('leader.paid')} fen={payment.amountFen} />
            <PayCell label={t('leader.refunded')} fen={payment.refundedFen} testId="lod-refunded" />
            <PayCell label={t('leader.settled')} fen={payment.settledFen} />
            <PayCell label={t('leader.held')} fen={payment.heldFen} />
          </div>
        ) : <div className="lod-muted">{t('leader.unpaid')}</div>}
      </section>

      <section className="card-block lod-history" data-testid="lod-history">
        <h3 className="lod-h">{t('leader.history')}</h3>
        <ol className="lod-timeline">
          <li><span className="lod-time">{when(order.createdAt)}</span>{t('leader.historyPlaced')}</li>
          {order.paidAt && <li><span className="lod-time">{when(order.paidAt)}</span>{t('leader.historyPaid', { amount: yuan(order.totalFen) })}</li>}
          {order.changes.map((c) => {
            const product = order.lines.find((l) => l.id === c.lineId)?.product.name ?? '';
            const reason = c.note ? t('withNote', { reason: t(`reasons.${c.reasonCode}`), note: c.note }) : t(`reasons.${c.reasonCode}`);
            return (
              <li key={c.id} className="lod-change" data-testid="lod-change">
                <span className="lod-time">{when(c.createdAt)}</span>
                {c.kind === 'cancel' ? t('leader.historyCancel', { leader: c.leaderName, product, quantity: c.quantity, reason }) : t('leader.historyRefund', { leader: c.leaderName, product, amount: yuan(c.amountFen), reason })}
              </li>
            );
          })}
          {data.refunds.map((r) => (
            <li key={r.id}><span className="lod-time">{when(r.paidAt ?? r.createdAt)}</span>{r.status === 'paid' ? t('leader.refundSent', { amount: yuan(r.amountFen) }) : t('leader.refundPending', { amount: yuan(r.amountFen) })}</li>
          ))}
        </ol>
      </section>

      <ActionSheet communityId={communityId} detail={data} pending={pending} name={name} onClose={() => setPending(null)} />
    </div>
  );
}

function PayCell({ label, fen, testId }: { label: string; fen: number; testId?: string }) {
  return <div className="lod-pay-cell"><span className="lod-muted">{label}</span><b data-testid={testId}>{yuan(fen)}</b></div>;
}

function LineCard({ line, action, onCancel, onRefund }: { line: DetailLine; action: LeaderOrderDetail['actions'][number]; onCancel: (max: number) => void; onRefund: (max: number) => void }) {
  const { t } = useTranslation('orderChanges');
  const done = line.status === 'cancelled' || line.status === 'refunded';
  return (
    <div className={`lod-line${done ? ' lod-line-done' : ''}`} data-testid="lod-line" data-status={line.status}>
      <ProductImage src={line.product.imageUrls[0]} size={56} />
      <div className="lod-line-main">
        <div className="lod-line-name">{line.product.name}<span className="lod-muted"> {line.product.spec}</span></div>
        <div className="lod-line-meta">
          <span className="lod-number">{line.groupNumber ? t('leader.groupNumber', { n: line.groupNumber }) : t('leader.noGroupNumber')}</span>
          <Tag fill="outline" color={done ? 'default' : line.status === 'picked_up' ? 'success' : 'primary'}>{t(`leader.lineStatus.${line.status}`)}</Tag>
        </div>
        <div className="lod-line-qty">
          {t('leader.qty', { quantity: line.quantity, unit: line.product.unit, price: yuan(line.unitPriceFen) })}
          {line.refundedQuantity > 0 && !done && <span className="lod-refunded-units"> · {t('leader.refundedUnits', { n: line.refundedQuantity, unit: line.product.unit })}</span>}
        </div>
        {action.claim && <div className="lod-claim">{action.claim.origin === 'leader' ? t('leader.refundedByLeader') : t('leader.claimByResident')}</div>}
        <div className="lod-line-actions">
          {action.cancellableQuantity > 0 && !action.wholeOnly && <Button size="small" fill="outline" color="danger" onClick={() => onCancel(action.cancellableQuantity)} data-testid="lod-cancel-line">{t('leader.cancelLine')}</Button>}
          {action.refundableFen > 0 && <Button size="small" fill="outline" color="warning" onClick={() => onRefund(action.refundableFen)} data-testid="lod-refund-line">{t('leader.refundLine')}</Button>}
        </div>
      </div>
      <div className="lod-line-total">{yuan(line.totalFen)}</div>
    </div>
  );
}
