import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ImageUploader, Input, Selector, TextArea, Toast, type ImageUploadItem } from 'antd-mobile';
import { api } from '../shared/api';
import type { components } from '../shared/api-types';
import { eventKeys, visitKeys } from '../shared/query-keys';
import { ActionError, errorMessage } from './components';
import { postForm } from './lib';
import { textLength } from './life';
import { LifeIcon, PhotoGrid, usePhotoPicking } from './lifeParts';

type VisitOption = components['schemas']['VisitOption'];
type Gathering = components['schemas']['Gathering'];
export type VisitChoice = { campaignId: string; productId?: string; supplierId?: string } | null;

const REPLAY_PHOTOS = 9;

export function useVisitOptions() {
  return useQuery({ queryKey: visitKeys.options(), queryFn: () => api<{ items: VisitOption[] }>('/api/campaign-visits/options'), staleTime: 60_000 });
}

/** The event form's optional link to a campaign: the campaign, then the enrolled product or supplier visited. */
export function CampaignVisitPicker({ value, onChange, error }: { value: VisitChoice; onChange: (v: VisitChoice) => void; error?: string }) {
  const { t, i18n } = useTranslation('leader');
  const options = useVisitOptions();
  const items = options.data?.items ?? [];
  if (items.length === 0) return null;
  const name = (c: VisitOption) => (i18n.language === 'en' ? c.nameEn : c.nameZh) + (c.status === 'draft' ? ` (${t('life.visit.draft')})` : '');
  const chosen = items.find((c) => c.id === value?.campaignId);
  const source = value?.productId ? `p:${value.productId}` : value?.supplierId ? `s:${value.supplierId}` : null;
  return (
    <div className="field" data-testid="event-campaign">
      <span className="field-label">{t('life.visit.section')}</span>
      <span className="field-hint">{t('life.visit.sectionHint')}</span>
      <Selector columns={1} value={[value?.campaignId ?? '']} onChange={(v) => onChange(v[0] ? { campaignId: v[0] } : null)}
        options={[{ label: t('life.visit.none'), value: '' }, ...items.map((c) => ({ label: name(c), value: c.id }))]} />
      {chosen && (
        <>
          <span className="field-label" style={{ marginTop: 10 }}>{t('life.visit.source')}</span>
          <span className="field-hint">{t('life.visit.sourceHint')}</span>
          <Selector columns={1} value={source ? [source] : []} data-testid="event-visit-source"
            onChange={(v) => {
              const s = v[0];
              if (!s) onChange({ campaignId: chosen.id });
              else onChange(s.startsWith('p:') ? { campaignId: chosen.id, productId: s.slice(2) } : { campaignId: chosen.id, supplierId: s.slice(2) });
            }}
            options={[
              ...chosen.products.map((p) => ({ label: t('life.visit.product', { name: p.name }), value: `p:${p.id}` })),
              ...chosen.suppliers.map((s) => ({ label: t('life.visit.supplier', { name: s.name }), value: `s:${s.id}` })),
            ]} />
        </>
      )}
      {error && <span className="field-error">{error}</span>}
    </div>
  );
}

/** 「属于《安心厨房计划》 · 探访：供应商 · 商品」 under an event's title. */
export function CampaignLine({ event }: { event: Pick<Gathering, 'campaign' | 'visits'> }) {
  const { t, i18n } = useTranslation('leader');
  if (!event.campaign) return null;
  const source = [event.visits?.supplierName, event.visits?.productName].filter(Boolean).join(' · ');
  return (
    <div className="event-campaign-line" data-testid="event-campaign-name">
      <div>{t('life.visit.partOf', { name: i18n.language === 'en' ? event.campaign.nameEn : event.campaign.nameZh })}</div>
      {source && <div className="muted">{t('life.visit.visiting', { source })}</div>}
    </div>
  );
}

/** Replays: after the end, the organiser adds a video link and/or photos with what was seen. */
export function Replays({ event }: { event: Pick<Gathering, 'id' | 'state' | 'replays' | 'canManage'> }) {
  const { t } = useTranslation('leader');
  const queryClient = useQueryClient();
  const [summary, setSummary] = useState('');
  const [videoUrl, setVideoUrl] = useState('');
  const [photos, setPhotos] = useState<ImageUploadItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const { beforeUpload, upload } = usePhotoPicking();
  const ended = event.state === 'ended';
  const add = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.append('summary', summary.trim());
      if (videoUrl.trim()) form.append('videoUrl', videoUrl.trim());
      for (const p of photos) {
        const f = p.extra as File | undefined;
        if (f) form.append('photos', f, f.name);
      }
      return postForm<Gathering>(`/api/events/${event.id}/replays`, form);
    },
    onSuccess: (e) => {
      queryClient.setQueryData(eventKeys.detail(e.id), e);
      setSummary(''); setVideoUrl(''); setPhotos([]);
      Toast.show({ icon: 'success', content: t('life.visit.added') });
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const submit = () => {
    setError(null);
    const n = textLength(summary);
    const url = videoUrl.trim();
    if (n < 2 || n > 500) { setError(t('life.visit.needSummary')); return; }
    if (url && !/^https?:\/\/\S{3,500}$/.test(url)) { setError(t('life.eventForm.errors.url')); return; }
    if (!url && photos.length === 0) { setError(t('life.visit.needContent')); return; }
    add.mutate();
  };
  return (
    <section className="card-block" data-testid="replays">
      <h3 className="block-title">{t('life.visit.replaysTitle')}</h3>
      {event.replays.length === 0 && <div className="section-hint flush">{t('life.visit.noReplays')}</div>}
      {event.replays.map((r) => (
        <div key={r.id} className="event-replay" data-testid="replay-row">
          <div className="event-replay-summary">{r.summary}</div>
          {r.videoUrl && <div className="event-card-line"><LifeIcon.link /> <a href={r.videoUrl} target="_blank" rel="noopener noreferrer" className="plain-link">{r.videoUrl}</a></div>}
          {r.photos.length > 0 && <PhotoGrid urls={r.photos} />}
        </div>
      ))}
      {!ended ? <div className="section-hint flush">{t('life.visit.replaysBeforeEnd')}</div> : event.canManage && (
        <>
          <div className="section-hint flush">{t('life.visit.replaysHint')}</div>
          <label className="field">
            <span className="field-label">{t('life.visit.summary')}</span>
            <TextArea value={summary} onChange={setSummary} placeholder={t('life.visit.summaryPlaceholder')} maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 6 }} data-testid="replay-summary" />
          </label>
          <label className="field">
            <span className="field-label">{t('life.visit.videoUrl')}</span>
            <Input value={videoUrl} onChange={setVideoUrl} placeholder="https://" inputMode="url" maxLength={500} clearable data-testid="replay-url" />
          </label>
          <div className="field">
            <span className="field-label">{t('life.visit.photos', { n: REPLAY_PHOTOS })}</span>
            <ImageUploader value={photos} onChange={setPhotos} accept="image/jpeg,image/png,image/webp" multiple maxCount={REPLAY_PHOTOS} beforeUpload={beforeUpload} upload={upload} />
          </div>
          <ActionError message={error} />
          <Button block color="primary" size="large" loading={add.isPending} onClick={submit} data-testid="replay-submit">{t('life.visit.add')}</Button>
        </>
      )}
    </section>
  );
}
