import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog, ImageViewer, Tag, TextArea, Toast } from 'antd-mobile';
import { formatTime } from '../../shared/api';
import type { Endorsement } from '../../shared/types';
import { ActionError, ProductImage, Stars, errorMessage } from '../components';
import { useWithdrawEndorsement } from './useTrials';

export function EndorsementCard({ e, image, timeZone, children }: { e: Endorsement; image?: string; timeZone: string; children?: React.ReactNode }) {
  const { t, i18n } = useTranslation('leader');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const withdrawn = !!e.withdrawnAt;
  return (
    <article className={`endorse-card${withdrawn ? ' withdrawn' : ''}`} data-testid="endorsement-row">
      <div className="endorse-head">
        <ProductImage src={image} size={56} />
        <div className="endorse-head-info">
          <div className="endorse-product">{e.productName}</div>
          <div className="endorse-meta">
            <Stars rating={e.rating} label={t('trials.starsLabel', { n: e.rating })} />
            <span>{t('trials.triedAt', { time: formatTime(e.createdAt, timeZone, locale) })}</span>
          </div>
        </div>
        {withdrawn ? <Tag color="default" fill="outline">{t('trials.statusWithdrawn')}</Tag> : <Tag color="success" fill="solid" round>{t('trials.statusActive')}</Tag>}
      </div>
      <p className="endorse-story">{e.story}</p>
      {e.photoUrls.length > 0 && (
        <div className="endorse-photos">
          {e.photoUrls.map((url, i) => (
            <button type="button" key={url} className="endorse-photo" onClick={() => ImageViewer.Multi.show({ images: e.photoUrls, defaultIndex: i })} aria-label={t('trials.photoN', { n: i + 1 })}>
              <img src={url} alt="" loading="lazy" />
            </button>
          ))}
        </div>
      )}
      {withdrawn && (
        <div className="endorse-withdrawn-note">
          {e.withdrawReason === 'superseded'
            ? t('trials.superseded', { time: formatTime(e.withdrawnAt!, timeZone, locale) })
            : t('trials.withdrawnAt', { time: formatTime(e.withdrawnAt!, timeZone, locale), reason: e.withdrawReason ?? '' })}
        </div>
      )}
      {children}
    </article>
  );
}

export function WithdrawDialog({ endorsement, communityId, onClose }: { endorsement: Endorsement | null; communityId: string; onClose: () => void }) {
  const { t } = useTranslation('leader');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setReason('');
    setError(null);
  }, [endorsement?.id]);
  const withdraw = useWithdrawEndorsement(communityId, {
    onSuccess: () => {
      Toast.show({ icon: 'success', content: t('trials.withdrawnToast') });
      onClose();
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const submit = () => {
    if (!endorsement) return;
    if (!reason.trim()) {
      setError(t('trials.reasonRequired'));
      return;
    }
    withdraw.mutate({ id: endorsement.id, reason: reason.trim() });
  };
  return (
    <Dialog
      visible={!!endorsement}
      onClose={onClose}
      title={t('trials.withdrawTitle', { name: endorsement?.productName ?? '' })}
      content={
        <div className="withdraw-dialog">
          <p className="withdraw-warning">{t('trials.withdrawWarning')}</p>
          <TextArea value={reason} onChange={(v) => { setReason(v); setError(null); }} placeholder={t('trials.reasonPlaceholder')} maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 6 }} data-testid="withdraw-reason" />
          <ActionError message={error} />
        </div>
      }
      actions={[[
        { key: 'cancel', text: t('cancel', { ns: 'common' }), onClick: onClose },
        { key: 'ok', text: withdraw.isPending ? t('trials.withdrawing') : t('trials.withdrawConfirm'), danger: true, bold: true, disabled: withdraw.isPending, onClick: submit },
      ]]}
    />
  );
}
