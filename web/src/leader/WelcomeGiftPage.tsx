import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, Input, TextArea, Toast } from 'antd-mobile';
import { api, formatBytes } from '../shared/api';
import { PageError, PageLoading } from '../shared/states';
import { ActionError, LeaderPage, NotLeader, errorMessage, useLeaderOf } from './components';
import { DOCUMENT_TYPES, sendForm, textLength, type WelcomeGift } from './life';
import { Counter, LifeIcon } from './lifeParts';
import { communityKeys } from '../shared/query-keys';
import { useLimits } from '../shared/limits';

const COUPON = /^[A-Za-z0-9-]{4,32}$/;

/**
 * /leader/:communityId/welcome-gift — 入群礼: what every newcomer receives on joining, e.g. his
 * one-page family emergency handbook (PDF) or a coupon code. With a preview of what she sees.
 */
export function WelcomeGiftPage() {
  const { communityId = '' } = useParams();
  const { community, me } = useLeaderOf(communityId);
  if (!community || !me) return <NotLeader />;
  return <WelcomeGiftSettings communityId={communityId} communityName={community.name} leaderName={me.user.name} />;
}

function WelcomeGiftSettings({ communityId, communityName, leaderName }: { communityId: string; communityName: string; leaderName: string }) {
  const { t } = useTranslation('leader');
  const gift = useQuery({
    queryKey: communityKeys.welcomeGift(communityId),
    queryFn: () => api<{ welcomeGift: WelcomeGift | null }>(`/api/communities/${communityId}/welcome-gift`),
  });
  const base = `/leader/${communityId}`;
  return (
    <LeaderPage title={t('life.welcome.navTitle')} communityId={communityId} back={base}>
      {gift.isPending ? <PageLoading /> : gift.isError ? <PageError error={gift.error} onRetry={() => gift.refetch()} /> : (
        <GiftForm key={JSON.stringify(gift.data.welcomeGift)} communityId={communityId} current={gift.data.welcomeGift} communityName={communityName} leaderName={leaderName} />
      )}
    </LeaderPage>
  );
}

function GiftForm({ communityId, current, communityName, leaderName }: { communityId: string; current: WelcomeGift | null; communityName: string; leaderName: string }) {
  const { t } = useTranslation('leader');
  const limits = useLimits();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(current?.title ?? '');
  const [description, setDescription] = useState(current?.description ?? '');
  const [coupon, setCoupon] = useState(current?.couponCode ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [fileUrl, setFileUrl] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!file) { setFileUrl(null); return; }
    const url = URL.createObjectURL(file);
    setFileUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const titleN = textLength(title);
  const descN = textLength(description);
  const code = coupon.trim();
  const errors: Partial<Record<'title' | 'description' | 'coupon' | 'empty', string>> = {};
  if (titleN < limits.welcomeGift.titleMin || titleN > limits.welcomeGift.titleMax) errors.title = t('life.welcome.errors.title');
  if (descN > limits.welcomeGift.description) errors.description = t('life.welcome.errors.description');
  if (code && !COUPON.test(code)) errors.coupon = t('life.welcome.errors.coupon');
  if (!code && !file && !current?.fileUrl) errors.empty = t('life.welcome.errors.empty');
  const show = (k: keyof typeof errors) => (tried ? errors[k] : undefined);

  const save = useMutation({
    mutationFn: () => {
      const path = `/api/communities/${communityId}/welcome-gift`;
      if (!file) return api<{ welcomeGift: WelcomeGift | null }>(path, { method: 'PUT', body: { title: title.trim(), description: description.trim(), couponCode: code || null } });
      const form = new FormData();
      form.append('title', title.trim());
      form.append('description', description.trim());
      if (code) form.append('couponCode', code);
      form.append('file', file, file.name);
      return sendForm<{ welcomeGift: WelcomeGift | null }>('PUT', path, form);
    },
    onSuccess: (r) => {
      queryClient.setQueryData(communityKeys.welcomeGift(communityId), r);
      Toast.show({ icon: 'success', content: t('life.welcome.saved') });
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const remove = useMutation({
    mutationFn: () => api<{ welcomeGift: null }>(`/api/communities/${communityId}/welcome-gift`, { method: 'DELETE' }),
    onSuccess: (r) => {
      queryClient.setQueryData(communityKeys.welcomeGift(communityId), r);
      Toast.show({ icon: 'success', content: t('life.welcome.removed') });
    },
    onError: (err) => setError(errorMessage(err)),
  });

  const pickFile = (f: File | undefined) => {
    if (!f) return;
    if (!DOCUMENT_TYPES.includes(f.type)) { Toast.show({ content: t('life.welcome.errors.fileType', { name: f.name }) }); return; }
    if (f.size > limits.files.documentBytes) { Toast.show({ content: t('life.welcome.errors.fileSize', { name: f.name, mb: Math.round(limits.files.documentBytes / 1024 / 1024) }) }); return; }
    setFile(f);
    setError(null);
  };
  const submit = () => {
    setTried(true);
    setError(null);
    if (Object.keys(errors).length) { Toast.show({ content: t('life.compose.fixErrors') }); return; }
    save.mutate();
  };
  const confirmRemove = async () => {
    const ok = await Dialog.confirm({ title: t('life.welcome.removeTitle'), content: t('life.welcome.removeText'), confirmText: t('life.welcome.remove'), cancelText: t('cancel', { ns: 'common' }) });
    if (ok) remove.mutate();
  };

  // What a newcomer sees: the form as it is now (unsaved changes included).
  const previewFile = fileUrl ?? current?.fileUrl ?? null;
  const previewName = file?.name ?? (current?.fileUrl ? t('life.welcome.currentFile') : null);

  return (
    <>
      <div className="life-intro"><LifeIcon.gift /> <span>{t('life.welcome.intro')}</span></div>
      <section className="welcome-preview-wrap">
        <div className="compose-step">{t('life.welcome.previewLabel')}{file || title !== (current?.title ?? '') || description !== (current?.description ?? '') || code !== (current?.couponCode ?? '') ? <span className="unsaved">{t('life.welcome.unsaved')}</span> : null}</div>
        <div className="welcome-preview" data-testid="welcome-preview">
          <div className="welcome-preview-top">{t('life.welcome.previewHello', { community: communityName })}</div>
          <div className="welcome-preview-from">{t('life.welcome.previewFrom', { name: leaderName })}</div>
          <div className="welcome-preview-gift">
            <span className="welcome-preview-icon"><LifeIcon.gift /></span>
            <div>
              <div className="welcome-preview-title">{title.trim() || t('life.welcome.titlePlaceholder')}</div>
              {description.trim() && <p className="welcome-preview-desc">{description.trim()}</p>}
            </div>
          </div>
          {previewFile && (
            <a className="welcome-preview-file" href={previewFile} target="_blank" rel="noopener noreferrer" data-testid="welcome-preview-file">
              <LifeIcon.file /> {t('life.welcome.previewDownload')}
            </a>
          )}
          {code && COUPON.test(code) && (
            <div className="welcome-preview-coupon"><span>{t('life.welcome.previewCoupon')}</span><b>{code}</b></div>
          )}
          {!current && !title.trim() && <div className="welcome-preview-none">{t('life.welcome.none')}</div>}
        </div>
      </section>

      <section className="compose-form">
        <label className="field">
          <span className="field-label">{t('life.welcome.title')}<Counter n={titleN} max={limits.welcomeGift.titleMax} min={limits.welcomeGift.titleMin} /></span>
          <Input value={title} onChange={setTitle} placeholder={t('life.welcome.titlePlaceholder')} maxLength={50} clearable data-testid="welcome-title" />
          {show('title') && <span className="field-error">{show('title')}</span>}
        </label>
        <label className="field">
          <span className="field-label">{t('life.welcome.description')}<Counter n={descN} max={limits.welcomeGift.description} /></span>
          <TextArea value={description} onChange={setDescription} placeholder={t('life.welcome.descriptionPlaceholder')} autoSize={{ minRows: 3, maxRows: 8 }} data-testid="welcome-description" />
          {show('description') && <span className="field-error">{show('description')}</span>}
        </label>
        <div className="field">
          <span className="field-label">{t('life.welcome.file')}</span>
          <div className="file-row">
            <span className="file-name">
              <LifeIcon.file />{' '}
              {file ? `${file.name} · ${formatBytes(file.size)}` : current?.fileUrl
                ? <a href={current.fileUrl} target="_blank" rel="noopener noreferrer" className="plain-link">{t('life.welcome.currentFile')}</a>
                : t('life.welcome.noFile')}
            </span>
            <Button size="small" color="primary" fill="outline" onClick={() => input.current?.click()} data-testid="welcome-file-button">
              {file || current?.fileUrl ? t('life.welcome.replaceFile') : t('life.welcome.chooseFile')}
            </Button>
          </div>
          <input ref={input} type="file" accept="application/pdf,image/jpeg,image/png,image/webp" hidden data-testid="welcome-file"
            onChange={(e) => { pickFile(e.target.files?.[0]); e.target.value = ''; }} />
          <span className="field-hint">{t('life.welcome.fileHint')}</span>
        </div>
        <label className="field">
          <span className="field-label">{t('life.welcome.coupon')}</span>
          <Input value={coupon} onChange={setCoupon} placeholder={t('life.welcome.couponPlaceholder')} maxLength={32} clearable data-testid="welcome-coupon" />
          <span className="field-hint">{t('life.welcome.couponHint')}</span>
          {show('coupon') && <span className="field-error">{show('coupon')}</span>}
        </label>
        {show('empty') && <div className="field-error">{show('empty')}</div>}
        <ActionError message={error} />
        <Button block color="primary" size="large" loading={save.isPending} onClick={submit} data-testid="welcome-save">{t('life.welcome.save')}</Button>
        {current && (
          <Button block fill="none" color="danger" loading={remove.isPending} onClick={confirmRemove} data-testid="welcome-remove" className="welcome-remove">{t('life.welcome.remove')}</Button>
        )}
      </section>
    </>
  );
}
