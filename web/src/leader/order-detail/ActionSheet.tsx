import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, Input, Popup, Selector, Stepper, TextArea, Toast } from 'antd-mobile';
import { yuan } from '../../shared/api';
import { ActionError, errorMessage } from '../components';
import { CANCEL_REASONS, REFUND_REASONS, useLeaderOrderAction, type DetailLine, type LeaderOrderDetail } from './useLeaderOrder';

/** What he is about to do: cancel one line (some or all units), the whole order, or refund one handed-over line. */
export type Pending = { kind: 'cancel'; line: DetailLine; max: number } | { kind: 'cancelOrder' } | { kind: 'refund'; line: DetailLine; max: number };

export function ActionSheet({ communityId, detail, pending, name, onClose }: { communityId: string; detail: LeaderOrderDetail; pending: Pending | null; name: string; onClose: () => void }) {
  return (
    <Popup visible={!!pending} onMaskClick={onClose} onClose={onClose} destroyOnClose bodyClassName="lod-sheet">
      {pending && <SheetBody communityId={communityId} detail={detail} pending={pending} name={name} onClose={onClose} />}
    </Popup>
  );
}

const toFen = (text: string) => {
  const m = /^\s*(\d{1,7})(?:\.(\d{1,2}))?\s*$/.exec(text);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : NaN;
};

function SheetBody({ communityId, detail, pending, name, onClose }: { communityId: string; detail: LeaderOrderDetail; pending: Pending; name: string; onClose: () => void }) {
  const { t } = useTranslation('orderChanges');
  const action = useLeaderOrderAction(communityId, detail.order.id);
  const refunding = pending.kind === 'refund';
  const reasons = refunding ? REFUND_REASONS : CANCEL_REASONS;
  const [reason, setReason] = useState<string>(reasons[0]);
  const [note, setNote] = useState('');
  const [quantity, setQuantity] = useState(pending.kind === 'cancel' ? pending.max : 0);
  const limit = detail.limits.leaderRefundLimitFen;
  const maxRefund = pending.kind === 'refund' ? Math.min(pending.max, limit) : 0;
  const [amountText, setAmountText] = useState(pending.kind === 'refund' ? (maxRefund / 100).toFixed(2) : '');
  const [error, setError] = useState<string | null>(null);
  const paid = detail.order.status === 'paid';
  const product = pending.kind === 'cancelOrder' ? '' : pending.line.product.name;

  const liveLines = detail.actions.filter((a) => a.cancellableQuantity > 0);
  const moneyBack = pending.kind === 'cancel' ? (paid ? quantity * pending.line.unitPriceFen : 0)
    : pending.kind === 'cancelOrder' ? (paid ? liveLines.reduce((s, a) => s + a.cancellableQuantity * (detail.order.lines.find((l) => l.id === a.lineId)?.unitPriceFen ?? 0), 0) : 0)
      : toFen(amountText);
  const units = pending.kind === 'cancel' ? quantity : liveLines.reduce((s, a) => s + a.cancellableQuantity, 0);

  const submit = async () => {
    setError(null);
    if (reason === 'other' && note.trim().length < 2) { setError(t('leader.noteRequired')); return; }
    if (refunding && (!Number.isInteger(moneyBack) || moneyBack < 1 || moneyBack > pending.max)) { setError(t('leader.amountInvalid', { max: yuan(pending.max) })); return; }
    const reasonLabel = t(`reasons.${reason}`);
    const text = pending.kind === 'refund' ? t('leader.confirmRefundText', { amount: yuan(moneyBack), name, reason: reasonLabel })
      : pending.kind === 'cancel' ? t('leader.confirmCancelText', { product, quantity, amount: yuan(moneyBack), name })
        : t('leader.confirmCancelOrderText', { amount: yuan(moneyBack), name });
    const ok = await Dialog.confirm({ title: t('leader.confirmTitle'), content: <div className="lod-confirm" data-testid="lod-confirm-text">{text}</div>, confirmText: t('leader.confirmOk'), cancelText: t('leader.confirmBack') });
    if (!ok) return;
    const body = { reasonCode: reason, ...(note.trim() ? { note: note.trim() } : {}) };
    action.mutate(
      pending.kind === 'refund' ? { kind: 'refund', lineId: pending.line.id, body: { ...body, reasonCode: reason as typeof REFUND_REASONS[number], amountFen: moneyBack } }
        : { kind: 'cancel', body: { ...body, reasonCode: reason as typeof CANCEL_REASONS[number], ...(pending.kind === 'cancel' ? { lines: [{ lineId: pending.line.id, quantity }] } : {}) } },
      {
        onSuccess: () => {
          Toast.show({ icon: 'success', content: refunding ? t('leader.refundedToast', { amount: yuan(moneyBack) }) : moneyBack ? t('leader.cancelledToast', { amount: yuan(moneyBack) }) : t('leader.cancelledUnpaidToast'), duration: 2500 });
          onClose();
        },
        onError: (err) => setError(errorMessage(err)),
      },
    );
  };

  const title = pending.kind === 'refund' ? t('leader.sheetRefundTitle', { product }) : pending.kind === 'cancel' ? t('leader.sheetCancelTitle', { product }) : t('leader.sheetCancelOrderTitle');
  const confirm = refunding ? t('leader.confirmRefund', { amount: Number.isFinite(moneyBack) ? yuan(moneyBack) : '—' })
    : paid ? t('leader.confirmCancel', { quantity: units, amount: yuan(moneyBack) }) : t('leader.confirmCancelUnpaid', { quantity: units });

  return (
    <div className="lod-sheet-body" data-testid="lod-sheet">
      <h2 className="lod-sheet-title">{title}</h2>
      <p className="lod-sheet-explain">{refunding ? t('leader.afterHandover') : t('leader.beforeHandover')}</p>
      {pending.kind === 'cancel' && pending.max > 1 && !detail.actions.find((a) => a.lineId === pending.line.id)?.wholeOnly && (
        <div className="lod-field lod-row">
          <span className="lod-label">{t('leader.quantity')}</span>
          <Stepper value={quantity} min={1} max={pending.max} digits={0} onChange={(v) => setQuantity(Math.max(1, Math.min(pending.max, Math.round(Number(v) || 1))))} data-testid="lod-quantity" />
        </div>
      )}
      {pending.kind === 'refund' && (
        <div className="lod-field">
          <span className="lod-label">{t('leader.amount')}</span>
          <Input className="lod-amount" inputMode="decimal" value={amountText} onChange={setAmountText} data-testid="lod-amount" aria-label={t('leader.amount')} />
          <span className="lod-hint">{t('leader.amountHint', { max: yuan(maxRefund), left: yuan(pending.max), limit: yuan(limit) })}</span>
        </div>
      )}
      <div className="lod-field">
        <span className="lod-label">{t('leader.reason')}</span>
        <Selector columns={2} value={[reason]} onChange={(v) => v[0] && setReason(v[0])} options={reasons.map((r) => ({ label: t(`reasons.${r}`), value: r }))} data-testid="lod-reasons" />
      </div>
      <label className="lod-field">
        <span className="lod-label">{t('leader.noteLabel')}</span>
        <TextArea value={note} onChange={setNote} placeholder={t('leader.notePlaceholder')} maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 4 }} data-testid="lod-note" />
      </label>
      <ActionError message={error} />
      <Button block size="large" color={refunding ? 'warning' : 'danger'} loading={action.isPending} onClick={() => { void submit(); }} data-testid="lod-submit">{confirm}</Button>
      <Button block size="large" fill="none" onClick={onClose}>{t('cancel', { ns: 'common' })}</Button>
    </div>
  );
}
