import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, Input, Popup, Toast } from 'antd-mobile';
import { api, newIdempotencyKey, yuan } from '../shared/api';
import { earningsKeys } from '../shared/query-keys';
import type { components } from '../shared/api-types';
import { ActionError, errorMessage } from './components';
import { parseYuanToFen } from './lib';

type Earnings = components['schemas']['Earnings'];
type Payout = components['schemas']['Payout'];

/** The withdraw sheet: amount, the minimum and what is left today, a confirmation, one request per key. */
export function WithdrawSheet({ communityId, earnings, visible, onClose }: { communityId: string; earnings: Earnings; visible: boolean; onClose: () => void }) {
  const { t } = useTranslation('earnings');
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  // One key per amount he confirms: a resend after a lost answer is the same withdrawal.
  const [key, setKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<string | null>(null);
  const w = earnings.withdrawal;
  const balance = earnings.balances.settledFen;
  const left = Math.max(0, w.dailyLimitFen - w.withdrawnTodayFen);
  const fen = parseYuanToFen(text);
  const problem = text.trim() === '' ? null
    : fen === null || fen <= 0 ? t('sheet.invalid')
    : fen < w.minFen ? t('sheet.belowMin', { min: yuan(w.minFen) })
    : fen > balance ? t('sheet.overBalance', { balance: yuan(balance) })
    : fen > left ? t('sheet.overDaily', { left: yuan(left) })
    : null;

  const withdraw = useMutation({
    mutationFn: (amountFen: number) => api<Payout>(`/api/communities/${communityId}/payouts`, { method: 'POST', body: { amountFen }, idempotencyKey: key }),
    onSuccess: (p) => {
      Toast.show({ icon: 'success', content: p.status === 'awaiting_approval' ? t('sheet.doneApproval', { amount: yuan(p.amountFen) }) : t('sheet.done', { amount: yuan(p.amountFen) }) });
      setText('');
      setKey(newIdempotencyKey());
      setError(null);
      void queryClient.invalidateQueries({ queryKey: earningsKeys.community(communityId) });
      onClose();
    },
    onError: (err) => setError(errorMessage(err)),
  });

  const submit = async () => {
    if (fen === null || problem) return;
    const ok = await Dialog.confirm({ title: t('sheet.confirmTitle', { amount: yuan(fen) }), content: t('sheet.confirmBody'), confirmText: t('sheet.confirm'), cancelText: t('sheet.cancel') });
    if (ok) withdraw.mutate(fen);
  };

  return (
    <Popup visible={visible} onMaskClick={onClose} onClose={onClose} bodyStyle={{ borderTopLeftRadius: 14, borderTopRightRadius: 14 }}>
      <div className="earn-sheet" data-testid="withdraw-sheet">
        <h3>{t('sheet.title')}</h3>
        <ActionError message={error} />
        <label className="earn-figure-label" htmlFor="withdraw-amount">{t('sheet.amount')}</label>
        <div className="earn-sheet-input">
          <span>¥</span>
          <Input id="withdraw-amount" inputMode="decimal" placeholder={t('sheet.placeholder')} value={text} onChange={(v) => { setText(v); setError(null); setKey(newIdempotencyKey()); }} data-testid="withdraw-amount" />
          <button type="button" onClick={() => setText((Math.min(balance, left) / 100).toFixed(2))}>{t('sheet.all')}</button>
        </div>
        {problem && <p className="earn-sheet-hint" style={{ color: 'var(--leader-red)' }} data-testid="withdraw-problem">{problem}</p>}
        <p className="earn-sheet-hint">{t('sheet.limits', { min: yuan(w.minFen), left: yuan(Math.min(left, balance)), limit: yuan(w.dailyLimitFen) })}</p>
        <p className="earn-sheet-hint">{t('sheet.approval', { threshold: yuan(w.approvalThresholdFen) })}</p>
        <Button block color="primary" disabled={fen === null || !!problem} loading={withdraw.isPending} onClick={submit} data-testid="withdraw-submit">{t('sheet.submit')}</Button>
      </div>
    </Popup>
  );
}
