import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError } from '../../shared/api';
import { standardsKeys } from '../../shared/query-keys';
import { campaignKeys, type Campaign, type ConsoleCampaign } from '../../shared/campaigns';
import type { Standard } from '../../shared/standards';

type Values = { nameZh: string; nameEn: string; slug: string; storyZh?: string; storyEn?: string; period: [Dayjs, Dayjs]; badgeZh: string; badgeEn: string; standardIds: string[] };

/** Create or edit a campaign: name, story, period, badge, required standards. Once published the slug is fixed. */
export function CampaignForm({ campaign, onDone }: { campaign: ConsoleCampaign | null; onDone: (c: Campaign) => void }) {
  const { t, i18n } = useTranslation('campaigns');
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const qc = useQueryClient();
  const standards = useQuery({ queryKey: standardsKeys.list(), queryFn: () => api<{ items: Standard[] }>('/api/standards') });
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: ({ period, ...v }: Values) => {
      const body = { ...v, startsOn: period[0].format('YYYY-MM-DD'), endsOn: period[1].format('YYYY-MM-DD') };
      return campaign ? api<Campaign>(`/api/console/campaigns/${campaign.id}`, { method: 'PUT', body }) : api<Campaign>('/api/console/campaigns', { body });
    },
    onSuccess: (c) => { void qc.invalidateQueries({ queryKey: campaignKeys.all }); message.success(t('console.saved')); onDone(c); },
    onError: (e: Error) => message.error({ content: e instanceof ApiError ? e.message : String(e), duration: 8 }),
  });
  const published = campaign && campaign.status !== 'draft';
  const initial: Partial<Values> = campaign
    ? { ...campaign, period: [dayjs(campaign.startsOn), dayjs(campaign.endsOn)], standardIds: campaign.standardIds }
    : { standardIds: [] };
  const options = (standards.data?.items ?? []).filter((s) => s.active || campaign?.standardIds.includes(s.id))
    .map((s) => ({ value: s.id, label: en ? s.nameEn : s.nameZh, disabled: !!published && campaign!.standardIds.includes(s.id) }));
  return (
    <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} data-testid="campaign-form">
      <Form.Item name="nameZh" label={t('console.nameZh')} rules={[{ required: true, max: 40 }]}><Input placeholder="安心厨房计划" data-testid="campaign-name-zh" /></Form.Item>
      <Form.Item name="nameEn" label={t('console.nameEn')} rules={[{ required: true, max: 80 }]}><Input placeholder="Safe Kitchen" data-testid="campaign-name-en" /></Form.Item>
      <Form.Item name="slug" label={t('console.slug')} extra={t('console.slugHint')} rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9-]{1,46}[a-z0-9]$/ }]}>
        <Input addonBefore="/campaigns/" disabled={!!published} placeholder="anxin-kitchen" data-testid="campaign-slug" />
      </Form.Item>
      <Form.Item name="storyZh" label={t('console.storyZh')}><Input.TextArea rows={4} maxLength={5000} data-testid="campaign-story-zh" /></Form.Item>
      <Form.Item name="storyEn" label={t('console.storyEn')}><Input.TextArea rows={3} maxLength={10000} /></Form.Item>
      <Form.Item name="period" label={t('console.period')} rules={[{ required: true }]}><DatePicker.RangePicker data-testid="campaign-period" /></Form.Item>
      <Form.Item name="badgeZh" label={t('console.badgeZh')} rules={[{ required: true, max: 12 }]}><Input placeholder="安心厨房" data-testid="campaign-badge-zh" /></Form.Item>
      <Form.Item name="badgeEn" label={t('console.badgeEn')} rules={[{ required: true, max: 32 }]}><Input placeholder="Safe Kitchen" data-testid="campaign-badge-en" /></Form.Item>
      <Form.Item name="standardIds" label={t('console.standards')} extra={t('console.standardsHint')} rules={[{ required: true, type: 'array', min: 1 }]}>
        <Select mode="multiple" options={options} loading={standards.isPending} data-testid="campaign-standards" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="campaign-save">{t('console.save')}</Button>
    </Form>
  );
}
