import { useEffect, useState } from 'react';
import { Button, Checkbox, Dialog, Popup } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../../shared/api';
import type { OrderLineView } from '../../../shared/types';
import { GroupNumber } from './LineRow';

/**
 * Cancel before the cut-off: she ticks the lines to cancel (all of them by default), then confirms.
 * `paid` decides whether the confirmation mentions the refund.
 */
export function CancelSheet({ visible, lines, paid, pending, onClose, onCancel }: {
  visible: boolean; lines: OrderLineView[]; paid: boolean; pending: boolean;
  onClose: () => void; onCancel: (lineIds: string[] | undefined) => void;
}) {
  const { t } = useTranslation('resident');
  const [chosen, setChosen] = useState<string[]>([]);
  useEffect(() => { if (visible) setChosen(lines.map((l) => l.id)); }, [visible, lines]);
  const picked = lines.filter((l) => chosen.includes(l.id));
  const amount = picked.reduce((s, l) => s + l.totalFen, 0);
  const all = picked.length === lines.length;

  const submit = async () => {
    if (picked.length === 0) return;
    const names = picked.map((l) => `${l.product.name}×${l.quantity}`).join('、');
    const ok = await Dialog.confirm({
      title: all ? t('order.cancelTitle') : t('order.cancelLinesTitle', { n: picked.length }),
      content: <div className="r-dialog-text">{paid ? t('order.cancelLinesTextPaid', { names, amount: yuan(amount) }) : t('order.cancelLinesText', { names })}</div>,
      confirmText: t('order.cancelConfirm'),
      cancelText: t('order.cancelKeep'),
    });
    if (ok) onCancel(all ? undefined : picked.map((l) => l.id));
  };

  return (
    <Popup visible={visible} onMaskClick={onClose} onClose={onClose} bodyClassName="r-sheet" destroyOnClose>
      <div className="r-sheet-title">{t('order.chooseLines')}</div>
      <div className="r-sheet-hint">{t('order.cancelHint')}</div>
      <Checkbox.Group value={chosen} onChange={(v) => setChosen(v as string[])}>
        {lines.map((l) => (
          <Checkbox key={l.id} value={l.id} className="r-sheet-option" data-testid="cancel-line-option">
            <span className="r-sheet-option-text">
              <span>{l.product.name} × {l.quantity} <GroupNumber n={l.groupNumber} /></span>
              <span className="r-small r-muted">{l.groupBuy.title} · {yuan(l.totalFen)}</span>
            </span>
          </Checkbox>
        ))}
      </Checkbox.Group>
      <div className="r-sheet-actions">
        <Button shape="rounded" size="large" onClick={onClose}>{t('order.cancelKeep')}</Button>
        <Button shape="rounded" size="large" color="danger" disabled={picked.length === 0} loading={pending} onClick={submit} data-testid="cancel-lines-submit">
          {all ? t('order.cancelAll') : t('order.cancelSome', { n: picked.length })}
        </Button>
      </div>
    </Popup>
  );
}
