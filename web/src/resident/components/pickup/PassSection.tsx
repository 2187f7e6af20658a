import { useState } from 'react';
import { Button, Dialog, Input, Popup, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/api';
import type { PickupPassCreated } from '../../../shared/types';
import { passActive, useCreatePass, usePickupPasses, useRevokePass } from '../../lib/pickup';
import { useTimeFormat } from '../../lib/time';
import { formatCode } from './format';

/** 代取: a one-time pass for someone collecting for her — made here, shown once, revocable. */
export function PassSection({ communityId, timeZone, placeName }: { communityId: string; timeZone?: string; placeName: string }) {
  const { t } = useTranslation('resident');
  const fmt = useTimeFormat(timeZone);
  const passes = usePickupPasses(communityId);
  const create = useCreatePass(communityId);
  const revoke = useRevokePass(communityId);
  const [collector, setCollector] = useState('');
  const [shown, setShown] = useState<PickupPassCreated | null>(null);
  const fail = (err: unknown) => Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('detail.networkError'), duration: 3000 });
  const active = (passes.data?.items ?? []).filter((p) => passActive(p));

  const make = () => create.mutate(collector, { onSuccess: (p) => { setShown(p); setCollector(''); }, onError: fail });
  const askRevoke = async (id: string, name: string | null) => {
    const ok = await Dialog.confirm({ content: t('pickup.pass.revokeConfirm', { name: name || t('pickup.pass.someone') }), confirmText: t('pickup.pass.revoke'), cancelText: t('order.cancelKeep') });
    if (ok) revoke.mutate(id, { onSuccess: () => Toast.show({ icon: 'success', content: t('pickup.pass.revoked') }), onError: fail });
  };
  const shareText = shown ? t('pickup.pass.shareText', { place: placeName, code: formatCode(shown.code), time: fmt.time(shown.expiresAt) }) : '';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(shareText);
      Toast.show({ icon: 'success', content: t('pickup.pass.copied') });
    } catch {
      Toast.show({ content: t('pickup.pass.copyManually') });
    }
  };
  const share = async () => {
    if (navigator.share) {
      try { await navigator.share({ text: shareText }); } catch { /* she closed the share sheet */ }
    } else void copy();
  };

  return (
    <section className="r-card r-pass" data-testid="pass-section">
      <h2 className="r-card-title">{t('pickup.pass.title')}</h2>
      <p className="r-pass-explain">{t('pickup.pass.explain')}</p>
      <label htmlFor="pass-collector" className="r-pass-label">{t('pickup.pass.collector')}</label>
      <div className="r-pass-form">
        <Input id="pass-collector" className="r-pass-input" value={collector} onChange={(v) => setCollector(v.slice(0, 40))} placeholder={t('pickup.pass.collectorPlaceholder')} clearable data-testid="pass-collector" />
        <Button color="primary" shape="rounded" loading={create.isPending} onClick={make} data-testid="pass-create">{t('pickup.pass.create')}</Button>
      </div>

      <h3 className="r-pass-subtitle">{t('pickup.pass.active')}</h3>
      {passes.isError ? (
        <div className="r-muted">{passes.error instanceof ApiError ? passes.error.message : t('detail.networkError')}</div>
      ) : active.length === 0 ? (
        <div className="r-muted" data-testid="pass-none">{passes.isPending ? t('list.loading') : t('pickup.pass.noneActive')}</div>
      ) : (
        <ul className="r-pass-list">
          {active.map((p) => (
            <li key={p.id} className="r-pass-row" data-testid="pass-row">
              <span className="r-pass-row-text">
                <span className="r-strong">{p.collector || t('pickup.pass.someone')}</span>
                <span className="r-small r-muted">{t('pickup.pass.expires', { time: fmt.time(p.expiresAt) })}</span>
              </span>
              <Button size="small" shape="rounded" color="danger" fill="outline" loading={revoke.isPending && revoke.variables === p.id} onClick={() => askRevoke(p.id, p.collector)} data-testid="pass-revoke">
                {t('pickup.pass.revoke')}
              </Button>
            </li>
          ))}
        </ul>
      )}

      <Popup visible={!!shown} onMaskClick={() => setShown(null)} bodyClassName="r-sheet" destroyOnClose>
        {shown && (
          <div className="r-pass-shown" data-testid="pass-shown">
            <div className="r-sheet-title">{t('pickup.pass.createdTitle')}</div>
            <div className="r-pass-code" aria-label={shown.code}>{formatCode(shown.code)}</div>
            <img className="r-qr" src={shown.qrDataUrl} alt={t('pickup.pass.qrAlt')} width={180} height={180} />
            <p className="r-pass-explain">{t('pickup.pass.createdText', { name: shown.collector || t('pickup.pass.someone'), time: fmt.time(shown.expiresAt) })}</p>
            <div className="r-sheet-actions">
              <Button shape="rounded" size="large" onClick={copy} data-testid="pass-copy">{t('pickup.pass.copy')}</Button>
              <Button shape="rounded" size="large" color="primary" onClick={share} data-testid="pass-share">{t('pickup.pass.share')}</Button>
            </div>
            <Button block fill="none" size="large" onClick={() => setShown(null)}>{t('pickup.pass.done')}</Button>
          </div>
        )}
      </Popup>
    </section>
  );
}
