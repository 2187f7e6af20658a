import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, Input, TextArea, Toast, type TextAreaRef } from 'antd-mobile';
import { yuan } from '../../shared/api';
import { ActionError, Icon } from '../components';
import { fenToYuanInput, parseYuanToFen } from '../lib';
import { type ClaimDetail } from '../claims';
import { useLeaderDecision } from './useLeaderClaim';

/** Refund (advanced by the guarantee fund), replace, not accepted, or send to the platform. */
export function DecisionCard({ data, name, communityId, onStale }: {
  data: ClaimDetail; name: string; communityId: string; onStale: (s: { code: string; message: string }) => void;
}) {
  const { t } = useTranslation('leader');
  const navigate = useNavigate();
  const { claim, line: order } = data;
  // His limit comes with the claim (configuration); without one, the claimed amount is the cap.
  const limitFen = data.limits?.leaderRefundLimitFen ?? null;
  const maxFen = limitFen === null ? claim.amountFen : Math.min(claim.amountFen, limitFen);
  const [amountText, setAmountText] = useState(() => fenToYuanInput(maxFen));
  const [amountTouched, setAmountTouched] = useState(false);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const noteRef = useRef<TextAreaRef>(null);
  const noteBlockRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setAmountText(fenToYuanInput(maxFen));
    setAmountTouched(false);
  }, [claim.id, maxFen]);

  const fen = parseYuanToFen(amountText);
  let amountError: string | null = null;
  if (fen === null) amountError = t('claim.errors.amountFormat');
  else if (fen < 1) amountError = t('claim.errors.amountMin');
  else if (fen > maxFen) amountError = t('claim.errors.amountMax', { max: yuan(maxFen) });
  const amountLabel = fen !== null && fen > 0 ? yuan(fen) : '¥—';

  const decide = useLeaderDecision(claim.id, communityId, {
    onSuccess: (fresh, body) => {
      setNote('');
      setActionError(null);
      Toast.show({ icon: 'success', content: t(`claim.toast.${body.action}`, { amount: yuan(fresh.claim.refundedFen) }) });
      window.scrollTo({ top: 0, behavior: 'smooth' });
    },
    onFailed: ({ message, code, stale }) => {
      Toast.show({ icon: 'fail', content: message, duration: 3000 });
      // Escalated meanwhile, answered elsewhere or past the deadline: the server says why (kept
      // above, since this card goes once the claim is no longer his), and the page shows what it is now.
      if (stale) onStale({ code, message });
      else setActionError(message);
    },
    onStaleRefreshed: () => window.scrollTo({ top: 0, behavior: 'smooth' }),
  });

  const trimmed = note.trim();
  const noteContent = trimmed ? (
    <div className="claim-confirm-note"><span>{t('claim.confirm.note')}</span><p>{trimmed}</p></div>
  ) : null;
  const confirm = async (title: string, body: string, ok: string, danger = false, extra?: React.ReactNode) => Dialog.confirm({
    title,
    content: <div className="claim-confirm">{extra}<p>{body}</p>{noteContent}</div>,
    confirmText: danger ? <span className="danger-text">{ok}</span> : ok,
    cancelText: t('cancel', { ns: 'common' }),
  });

  const refund = async () => {
    setActionError(null);
    setAmountTouched(true);
    if (amountError || fen === null) return; // shown in red under the amount
    const ok = await confirm(
      t('claim.confirm.refundTitle', { name, amount: yuan(fen) }), t('claim.confirm.refundBody'), t('claim.confirm.refundOk'), false,
      <div className="claim-confirm-amount">{yuan(fen)}</div>,
    );
    if (ok) decide.mutate({ action: 'refund', amountFen: fen, note: trimmed });
  };
  const replace = async () => {
    setActionError(null);
    const ok = await confirm(
      t('claim.confirm.replaceTitle', { name }),
      t('claim.confirm.replaceBody', { qty: claim.quantity, unit: order.unit, product: order.productName, name }),
      t('claim.confirm.replaceOk'),
    );
    if (ok) decide.mutate({ action: 'replace', note: trimmed });
  };
  const needReason = (action: 'reject' | 'escalate') => {
    if (trimmed.length >= 2) return false;
    const message = t(action === 'reject' ? 'claim.errors.rejectReason' : 'claim.errors.escalateReason');
    // Said next to the box (red), which comes into view with the keyboard: no toast on top of it.
    setNoteError(message);
    noteBlockRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    noteRef.current?.focus();
    return true;
  };
  const reject = async () => {
    setActionError(null);
    if (needReason('reject')) return;
    const ok = await confirm(t('claim.confirm.rejectTitle'), t('claim.confirm.rejectBody'), t('claim.confirm.rejectOk'), true);
    if (ok) decide.mutate({ action: 'reject', note: trimmed });
  };
  const escalate = async () => {
    setActionError(null);
    if (needReason('escalate')) return;
    const ok = await confirm(t('claim.confirm.escalateTitle'), t('claim.confirm.escalateBody'), t('claim.confirm.escalateOk'));
    if (ok) decide.mutate({ action: 'escalate', note: trimmed });
  };

  const busy = decide.isPending;
  const pending = decide.variables?.action;
  const setAmount = (f: number) => { setAmountText(fenToYuanInput(f)); setAmountTouched(true); };
  const half = Math.max(1, Math.round(maxFen / 2));

  return (
    <section className="card-block claim-decide" data-testid="claim-decide">
      <h3 className="block-title">{t('claim.actionsTitle')}</h3>

      <div className="claim-refund">
        <label className="claim-field-label" htmlFor="claim-refund-amount">{t('claim.refundLabel')}</label>
        <div className={`claim-amount-input${amountTouched && amountError ? ' invalid' : ''}`}>
          <span className="claim-yuan-sign">¥</span>
          <Input id="claim-refund-amount" value={amountText} inputMode="decimal" aria-invalid={!!(amountTouched && amountError)}
            onChange={(v) => { setAmountText(v); setAmountTouched(true); }} data-testid="claim-refund-amount" clearable />
        </div>
        <div className="claim-quick-amounts">
          <button type="button" className={fen === maxFen ? 'on' : ''} onClick={() => setAmount(maxFen)}>{t('claim.full', { amount: yuan(maxFen) })}</button>
          {maxFen >= 2 && <button type="button" className={fen === half ? 'on' : ''} onClick={() => setAmount(half)}>{t('claim.half', { amount: yuan(half) })}</button>}
        </div>
        <div className="claim-field-hint">
          {t('claim.refundMax', { max: yuan(maxFen) })}
          {limitFen !== null && claim.amountFen > limitFen && <> · {t('claim.refundLimit', { limit: yuan(limitFen) })}</>}
        </div>
        {amountTouched && amountError && <div className="claim-field-error" role="alert" data-testid="claim-amount-error">{amountError}</div>}
        <Button block color="primary" size="large" className="claim-refund-btn" onClick={refund} disabled={busy} loading={busy && pending === 'refund'} data-testid="claim-refund">
          {t('claim.refundButton', { amount: amountLabel })}
        </Button>
        <div className="claim-fund-hint"><Icon.shield /> {t('claim.fundHint')}</div>
      </div>

      <div className="claim-replace">
        <Button block size="large" color="primary" fill="outline" onClick={replace} disabled={busy} loading={busy && pending === 'replace'} data-testid="claim-replace">
          {t('claim.replaceButton')}
        </Button>
        <div className="claim-field-hint">{t('claim.replaceHint')}</div>
      </div>

      <div className="claim-disagree" ref={noteBlockRef}>
        <div className="claim-disagree-title">{t('claim.disagree')}</div>
        <label className="claim-field-label" htmlFor="claim-note">{t('claim.noteLabel')}</label>
        <div className={`claim-note${noteError ? ' invalid' : ''}`}>
          <TextArea id="claim-note" ref={noteRef} value={note} placeholder={t('claim.notePlaceholder')} maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 6 }}
            onChange={(v) => { setNote(v); if (v.trim().length >= 2) setNoteError(null); }} data-testid="claim-note" />
        </div>
        {noteError ? <div className="claim-field-error" role="alert" data-testid="claim-note-error">{noteError}</div>
          : <div className="claim-field-hint">{t('claim.noteHint')}</div>}
        <div className="claim-two-buttons">
          <Button size="large" onClick={reject} disabled={busy} loading={busy && pending === 'reject'} className="claim-reject-btn" data-testid="claim-reject">
            {t('claim.rejectButton')}
          </Button>
          <Button size="large" onClick={escalate} disabled={busy} loading={busy && pending === 'escalate'} data-testid="claim-escalate">
            {t('claim.escalateButton')}
          </Button>
        </div>
      </div>

      <ActionError message={actionError} />
      {actionError && (
        <Button block fill="none" color="primary" onClick={() => navigate(`/leader/${communityId}/claims`)}>{t('claim.outcome.backToInbox')}</Button>
      )}
    </section>
  );
}
