import { useState } from 'react';
import { Button, Dialog, TextArea, Toast } from 'antd-mobile';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/api';
import type { AwaitingHandover, Me } from '../../../shared/types';
import { useAwaitingHandovers, useConfirmHandover, useDisputeHandover } from '../../lib/pickup';
import { communityOf } from '../../lib/community';
import { useTimeFormat } from '../../lib/time';
import { ChevronRight } from '../icons';
import { GroupNumber } from './LineRow';
import { Name, named } from '../../../shared/names';

type Outcome = { kind: 'confirmed' } | { kind: 'disputed'; claimIds: string[] };

/**
 * Hand-overs the leader recorded without her code: she confirms or says she did not get them (which
 * opens a claim). Unanswered, they settle by themselves at settleDueAt (72 hours).
 */
export function HandoverCards({ me }: { me: Me }) {
  const awaiting = useAwaitingHandovers();
  // What she just answered stays on screen (with the claim link) after the list has moved on.
  const [answered, setAnswered] = useState<{ h: AwaitingHandover; outcome: Outcome }[]>([]);
  const open = (awaiting.data ?? []).filter((h) => !answered.some((a) => a.h.id === h.id));
  if (open.length === 0 && answered.length === 0) return null;
  return (
    <>
      {answered.map(({ h, outcome }) => <AnsweredCard key={h.id} h={h} outcome={outcome} />)}
      {open.map((h) => <HandoverCard key={h.id} h={h} me={me} onAnswered={(outcome) => setAnswered((a) => [...a, { h, outcome }])} />)}
    </>
  );
}

function HandoverCard({ h, me, onAnswered }: { h: AwaitingHandover; me: Me; onAnswered: (o: Outcome) => void }) {
  const { t } = useTranslation('resident');
  const fmt = useTimeFormat(communityOf(me, h.communityId)?.timeZone);
  const confirm = useConfirmHandover();
  const dispute = useDisputeHandover();
  const [disputing, setDisputing] = useState(false);
  const [reason, setReason] = useState('');
  const fail = (err: unknown) => Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('detail.networkError'), duration: 3000 });

  const doConfirm = async () => {
    const ok = await Dialog.confirm({ content: t('handover.confirmAsk', { name: h.leaderName }), confirmText: t('handover.confirm'), cancelText: t('order.cancelKeep') });
    if (ok) confirm.mutate(h.id, { onSuccess: () => { Toast.show({ icon: 'success', content: t('handover.confirmed') }); onAnswered({ kind: 'confirmed' }); }, onError: fail });
  };
  const doDispute = () => {
    if (reason.trim().length < 2) {
      Toast.show({ content: t('handover.reasonRequired') });
      return;
    }
    dispute.mutate({ id: h.id, reason: reason.trim() }, { onSuccess: (res) => onAnswered({ kind: 'disputed', claimIds: res.claimIds ?? [] }), onError: fail });
  };

  return (
    <section className="r-card r-handover" data-testid="handover-card" role="region" aria-label={t('handover.title', { name: h.leaderName })}>
      <div className="r-handover-title">{named(t, 'handover.title', { name: h.leaderName })}</div>
      <div className="r-handover-when">{t('handover.when', { time: fmt.time(h.createdAt) })}</div>
      <ul className="r-handover-lines">
        {h.lines.map((l) => (
          <li key={l.lineId}><GroupNumber n={l.groupNumber} /><Name>{l.productName}</Name><span className="r-muted">× {l.quantity}</span></li>
        ))}
      </ul>
      {h.settleDueAt && <p className="r-handover-explain">{t('handover.explain', { time: fmt.time(h.settleDueAt) })}</p>}
      {disputing ? (
        <div className="r-handover-dispute">
          <label htmlFor={`dispute-${h.id}`} className="r-strong">{t('handover.disputeReason')}</label>
          <TextArea id={`dispute-${h.id}`} value={reason} onChange={(v) => setReason(v.slice(0, 500))} rows={3} maxLength={500}
            placeholder={t('handover.disputePlaceholder')} data-testid="dispute-reason" />
          <div className="r-handover-actions">
            <Button shape="rounded" onClick={() => setDisputing(false)}>{t('order.cancelKeep')}</Button>
            <Button shape="rounded" color="danger" loading={dispute.isPending} onClick={doDispute} data-testid="dispute-submit">{t('handover.disputeSubmit')}</Button>
          </div>
        </div>
      ) : (
        <div className="r-handover-actions">
          <Button shape="rounded" color="danger" fill="outline" onClick={() => setDisputing(true)} data-testid="handover-dispute">{t('handover.dispute')}</Button>
          <Button shape="rounded" color="primary" loading={confirm.isPending} onClick={doConfirm} data-testid="handover-confirm">{t('handover.confirm')}</Button>
        </div>
      )}
    </section>
  );
}

function AnsweredCard({ h, outcome }: { h: AwaitingHandover; outcome: Outcome }) {
  const { t } = useTranslation('resident');
  if (outcome.kind === 'confirmed') {
    return <section className="r-card r-handover r-handover-done" data-testid="handover-done">{t('handover.confirmedText', { name: h.leaderName })}</section>;
  }
  const first = outcome.claimIds[0];
  return (
    <section className="r-card r-handover r-handover-done" data-testid="handover-disputed">
      <div className="r-strong">{t('handover.disputeDone')}</div>
      <div className="r-small r-muted">{t('handover.disputeDoneHint')}</div>
      {first ? (
        <Link to={`/claims/${first}`} className="r-handover-claim" data-testid="dispute-claim">{t('handover.viewClaim')}<ChevronRight size={14} /></Link>
      ) : (
        <Link to="/claims" className="r-handover-claim">{t('handover.viewClaims')}<ChevronRight size={14} /></Link>
      )}
    </section>
  );
}
