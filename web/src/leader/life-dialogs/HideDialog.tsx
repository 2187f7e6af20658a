import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, TextArea, Toast } from 'antd-mobile';
import { ActionError, errorMessage } from '../components';
import { textLength, useHideContent } from '../life';
import { useLimits } from '../../shared/limits';

/** Kind words residents will read as the hiding reason. */
const REASON_PRESETS = ['ad', 'rude', 'false', 'privacy', 'offtopic'] as const;

/**
 * Hides a post or comment with a reason (2–200 characters) that is kept and shown in its place.
 * Confirmed in a dialog: the reason is typed, or picked from kind presets and edited.
 */
export function HideDialog({ target, communityId, postId, onClose, onDone }: {
  target: { type: 'post' | 'comment'; id: string; excerpt?: string } | null;
  communityId: string; postId?: string; onClose: () => void; onDone?: () => void;
}) {
  const { t } = useTranslation('leader');
  const limits = useLimits().posts;
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { setReason(''); setError(null); }, [target?.id]);
  const hide = useHideContent(communityId, postId, {
    onSuccess: () => {
      Toast.show({ icon: 'success', content: t('life.hide.done') });
      onDone?.();
      onClose();
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const n = textLength(reason);
  const submit = () => {
    if (!target) return;
    if (n < limits.reasonMin || n > limits.reasonMax) {
      setError(t('life.hide.reasonRule', { min: limits.reasonMin, max: limits.reasonMax }));
      return;
    }
    hide.mutate({ type: target.type, id: target.id, reason: reason.trim() });
  };
  return (
    <Dialog
      visible={!!target}
      onClose={onClose}
      title={target?.type === 'comment' ? t('life.hide.titleComment') : t('life.hide.titlePost')}
      content={
        <div className="hide-dialog">
          {target?.excerpt && <p className="hide-excerpt">{target.excerpt}</p>}
          <p className="hide-warning">{t('life.hide.warning')}</p>
          <div className="reason-presets">
            {REASON_PRESETS.map((k) => (
              <button type="button" key={k} className="reason-preset" onClick={() => { setReason(t(`life.hide.presets.${k}`)); setError(null); }}>
                {t(`life.hide.presets.${k}`)}
              </button>
            ))}
          </div>
          <TextArea value={reason} onChange={(v) => { setReason(v); setError(null); }} placeholder={t('life.hide.placeholder')}
            maxLength={limits.reasonMax} showCount autoSize={{ minRows: 2, maxRows: 5 }} data-testid="hide-reason" />
          <ActionError message={error} />
          <div className="dialog-buttons">
            <Button block onClick={onClose}>{t('cancel', { ns: 'common' })}</Button>
            <Button block color="danger" loading={hide.isPending} onClick={submit} data-testid="hide-confirm">{t('life.hide.confirm')}</Button>
          </div>
        </div>
      }
      closeOnMaskClick
    />
  );
}
