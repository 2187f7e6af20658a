import { useEffect, useState } from 'react';
import { Button, Popup, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { api, ApiError } from '../../../shared/api';
import { CheckIcon } from '../icons';
import { AutoTextArea } from './AutoTextArea';

const REASONS = ['ad', 'untrue', 'rude', 'privacy', 'other'] as const;
type Reason = (typeof REASONS)[number];

/**
 * 「举报」: pick a reason (or write one), send it to the leader and the platform. Reporting the
 * same thing twice is answered kindly with the server's words.
 */
export function ReportSheet({ target, onClose }: { target: { type: 'post' | 'comment'; id: string } | null; onClose: () => void }) {
  const { t } = useTranslation('resident');
  const [reason, setReason] = useState<Reason | null>(null);
  const [other, setOther] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { setReason(null); setOther(''); setError(null); }, [target?.id]);

  const text = reason === 'other' ? other.trim() : reason ? t(`report.reasons.${reason}`) : '';
  const send = useMutation({
    mutationFn: () => api(`/api/moderation/reports`, { body: { type: target!.type, id: target!.id, reason: text } }),
    onSuccess: () => { Toast.show({ icon: 'success', content: t('report.done') }); onClose(); },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'feed.already_reported') { Toast.show({ content: err.message, duration: 3000 }); onClose(); return; }
      setError(err instanceof ApiError ? err.message : t('report.failed'));
    },
  });
  const ready = reason !== null && (reason !== 'other' || other.trim().length >= 2);

  return (
    <Popup visible={!!target} onMaskClick={onClose} onClose={onClose} bodyClassName="r-sheet" destroyOnClose>
      <div className="r-page r-sheet-inner" data-testid="report-sheet">
        <div className="r-sheet-title">{t(target?.type === 'comment' ? 'report.titleComment' : 'report.title')}</div>
        <div className="r-sheet-hint">{t('report.hint')}</div>
        <div className="r-reasons" role="radiogroup">
          {REASONS.map((r) => (
            <button key={r} type="button" role="radio" aria-checked={reason === r} className={`r-reason${reason === r ? ' r-reason-on' : ''}`} onClick={() => { setReason(r); setError(null); }} data-testid="report-reason">
              <span>{t(`report.reasons.${r}`)}</span>
              {reason === r && <CheckIcon size={18} />}
            </button>
          ))}
        </div>
        {reason === 'other' && (
          <AutoTextArea className="r-textarea" placeholder={t('report.otherPlaceholder')} value={other} onChange={setOther} maxLength={200} showCount minRows={2} maxRows={4} data-testid="report-other" />
        )}
        {error && <div className="r-field-error" role="alert">{error}</div>}
        <div className="r-sheet-actions">
          <Button shape="rounded" onClick={onClose}>{t('common:cancel')}</Button>
          <Button color="danger" shape="rounded" disabled={!ready} loading={send.isPending} onClick={() => send.mutate()} data-testid="report-submit">{t('report.submit')}</Button>
        </div>
      </div>
    </Popup>
  );
}
