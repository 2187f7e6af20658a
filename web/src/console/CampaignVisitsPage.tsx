import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, InputNumber, List, Modal, Result, Select, Space, Spin, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, postForm } from '../shared/api';
import type { components } from '../shared/api-types';
import { visitKeys } from '../shared/query-keys';

type VisitOption = components['schemas']['VisitOption'];
type VisitPage = components['schemas']['CampaignVisitPage'];
type Visit = VisitPage['items'][number];

/**
 * /console/campaign-visits — 溯源之旅 for operators: a platform-wide livestream linked to a campaign
 * and the enrolled product or supplier it visits, and replays once a visit has ended.
 */
export function CampaignVisitsPage() {
  const { t, i18n } = useTranslation('console');
  const options = useQuery({ queryKey: visitKeys.options(), queryFn: () => api<{ items: VisitOption[] }>('/api/campaign-visits/options') });
  const [campaignId, setCampaignId] = useState<string | null>(null);
  if (options.isPending) return <Spin />;
  if (options.isError) return <Result status="error" title={t('campaignVisits.loadFailed')} subTitle={(options.error as Error).message} extra={<Button onClick={() => options.refetch()}>{t('campaignVisits.retry')}</Button>} />;
  if (options.data.items.length === 0) return <Empty description={t('campaignVisits.noCampaigns')} />;
  const name = (c: VisitOption) => (i18n.language === 'en' ? c.nameEn : c.nameZh);
  const current = options.data.items.find((c) => c.id === campaignId) ?? options.data.items[0];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space>
        <Typography.Text>{t('campaignVisits.campaign')}</Typography.Text>
        <Select style={{ minWidth: 280 }} value={current.id} onChange={setCampaignId} data-testid="cv-campaign"
          options={options.data.items.map((c) => ({ value: c.id, label: `${name(c)}${c.status === 'draft' ? ` · ${t('campaignVisits.draft')}` : ''}` }))} />
      </Space>
      <NewLivestream campaign={current} />
      <VisitList slug={current.slug} scope="upcoming" />
      <VisitList slug={current.slug} scope="past" />
    </Space>
  );
}

function NewLivestream({ campaign }: { campaign: VisitOption }) {
  const { t } = useTranslation('console');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (v: { title: string; description: string; when: [Dayjs, Dayjs]; streamUrl: string; capacity: number; source: string }) => api('/api/campaign-visits', {
      body: {
        kind: 'livestream', title: v.title, description: v.description, startsAt: v.when[0].toISOString(), endsAt: v.when[1].toISOString(), streamUrl: v.streamUrl, capacity: v.capacity,
        visit: v.source.startsWith('p:') ? { campaignId: campaign.id, productId: v.source.slice(2) } : { campaignId: campaign.id, supplierId: v.source.slice(2) },
      },
    }),
    onSuccess: async () => {
      form.resetFields();
      setError(null);
      message.success(t('campaignVisits.created'));
      await queryClient.invalidateQueries({ queryKey: visitKeys.all });
    },
    onError: (e) => setError((e as Error).message),
  });
  const sources = [
    ...campaign.products.map((p) => ({ value: `p:${p.id}`, label: t('campaignVisits.product', { name: p.name }) })),
    ...campaign.suppliers.map((s) => ({ value: `s:${s.id}`, label: t('campaignVisits.supplier', { name: s.name }) })),
  ];
  return (
    <Card title={t('campaignVisits.newTitle')} size="small">
      <Typography.Paragraph type="secondary">{t('campaignVisits.newHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={{ capacity: 1000 }} style={{ maxWidth: 640 }}>
        <Form.Item name="source" label={t('campaignVisits.source')} rules={[{ required: true, message: t('campaignVisits.sourceRequired') }]} extra={t('campaignVisits.sourceHint')}>
          <Select options={sources} placeholder={t('campaignVisits.sourcePlaceholder')} notFoundContent={t('campaignVisits.noProducts')} />
        </Form.Item>
        <Form.Item name="title" label={t('campaignVisits.title')} rules={[{ required: true, min: 2, max: 40, message: t('campaignVisits.titleRule') }]}><Input maxLength={40} /></Form.Item>
        <Form.Item name="description" label={t('campaignVisits.description')} rules={[{ required: true, min: 2, max: 2000, message: t('campaignVisits.descriptionRule') }]}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
        <Form.Item name="when" label={t('campaignVisits.when')} rules={[{ required: true, message: t('campaignVisits.whenRequired') }]}><DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" /></Form.Item>
        <Form.Item name="streamUrl" label={t('campaignVisits.streamUrl')} rules={[{ required: true, pattern: /^https?:\/\/\S{3,500}$/, message: t('campaignVisits.urlRule') }]}><Input placeholder="https://" /></Form.Item>
        <Form.Item name="capacity" label={t('campaignVisits.capacity')} rules={[{ required: true }]}><InputNumber min={1} max={10000} /></Form.Item>
        {error && <Alert type="error" message={error} showIcon style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={create.isPending}>{t('campaignVisits.create')}</Button>
      </Form>
    </Card>
  );
}

function VisitList({ slug, scope }: { slug: string; scope: 'upcoming' | 'past' }) {
  const { t, i18n } = useTranslation('console');
  const [page, setPage] = useState(1);
  const [replayFor, setReplayFor] = useState<Visit | null>(null);
  const visits = useQuery({ queryKey: visitKeys.page(slug, scope, page), queryFn: () => api<VisitPage>(`/api/campaigns/${encodeURIComponent(slug)}/visits?scope=${scope}&page=${page}`) });
  const fmt = (iso: string) => new Intl.DateTimeFormat(i18n.language === 'en' ? 'en' : 'zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  return (
    <Card title={t(scope === 'upcoming' ? 'campaignVisits.upcoming' : 'campaignVisits.past')} size="small">
      {visits.isError ? <Alert type="error" message={(visits.error as Error).message} /> : (
        <List loading={visits.isPending} dataSource={visits.data?.items ?? []} locale={{ emptyText: t(scope === 'upcoming' ? 'campaignVisits.emptyUpcoming' : 'campaignVisits.emptyPast') }}
          pagination={visits.data && visits.data.total > visits.data.pageSize ? { current: page, pageSize: visits.data.pageSize, total: visits.data.total, onChange: setPage } : false}
          renderItem={(v) => (
            <List.Item actions={v.state === 'ended' ? [<Button key="r" size="small" onClick={() => setReplayFor(v)}>{t('campaignVisits.addReplay')}</Button>] : []}>
              <List.Item.Meta
                title={<Space>{v.title}<Tag>{v.platformWide ? t('campaignVisits.platformWide') : v.communityName}</Tag>{v.state === 'running' && <Tag color="green">{t('campaignVisits.live')}</Tag>}</Space>}
                description={<>
                  <div>{fmt(v.startsAt)} – {fmt(v.endsAt)} · {[v.supplierName, v.productName].filter(Boolean).join(' · ')}</div>
                  {v.replays.map((r) => <div key={r.id}>▶ {r.summary}{r.photos.length ? ` (${t('campaignVisits.photos', { n: r.photos.length })})` : ''}</div>)}
                </>} />
            </List.Item>
          )} />
      )}
      <ReplayModal visit={replayFor} onClose={() => setReplayFor(null)} />
    </Card>
  );
}

function ReplayModal({ visit, onClose }: { visit: Visit | null; onClose: () => void }) {
  const { t } = useTranslation('console');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (v: { summary: string; videoUrl?: string }) => {
      const body = new FormData();
      body.append('summary', v.summary);
      if (v.videoUrl) body.append('videoUrl', v.videoUrl);
      for (const f of files) body.append('photos', f, f.name);
      return postForm(`/api/events/${visit!.id}/replays`, body);
    },
    onSuccess: async () => {
      message.success(t('campaignVisits.replayAdded'));
      form.resetFields(); setFiles([]); setError(null);
      await queryClient.invalidateQueries({ queryKey: visitKeys.all });
      onClose();
    },
    onError: (e) => setError((e as Error).message),
  });
  return (
    <Modal open={visit !== null} title={t('campaignVisits.replayTitle', { title: visit?.title ?? '' })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={add.isPending} okText={t('campaignVisits.addReplay')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)}>
        <Form.Item name="summary" label={t('campaignVisits.summary')} rules={[{ required: true, min: 2, max: 500, message: t('campaignVisits.summaryRule') }]}><Input.TextArea rows={3} maxLength={500} showCount /></Form.Item>
        <Form.Item name="videoUrl" label={t('campaignVisits.videoUrl')} rules={[{ pattern: /^https?:\/\/\S{3,500}$/, message: t('campaignVisits.urlRule') }]}><Input placeholder="https://" /></Form.Item>
        <Form.Item label={t('campaignVisits.photosLabel')}>
          <input type="file" accept="image/jpeg,image/png,image/webp" multiple onChange={(e) => setFiles([...(e.target.files ?? [])].slice(0, 9))} />
        </Form.Item>
        {error && <Alert type="error" message={error} showIcon />}
      </Form>
    </Modal>
  );
}
