import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { api, ApiError, yuan } from '../../shared/api';
import { campaignKeys, type CampaignEnrolment, type ConsoleCampaign } from '../../shared/campaigns';
import type { CampaignBundleView } from '../../shared/types';
import { bundleKeys } from '../../shared/query-keys';

const errText = (e: unknown) => (e instanceof ApiError ? e.message : String(e));
type Part = { productId?: string; units: number };

/**
 * 场景套餐 of a campaign in the console: the bundles defined so far, and a form defining one from the
 * enrolled products that prove the standards now (the server refuses the rest, naming the product).
 */
export function BundlesCard({ campaign }: { campaign: ConsoleCampaign }) {
  const { t, i18n } = useTranslation('bundles');
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const qc = useQueryClient();
  const bundles = useQuery({ queryKey: bundleKeys.ofCampaign(campaign.id), queryFn: () => api<{ items: CampaignBundleView[] }>(`/api/campaigns/${campaign.id}/bundles`) });
  const enrolments = useQuery({ queryKey: campaignKeys.enrolments(campaign.id), queryFn: () => api<{ items: CampaignEnrolment[] }>(`/api/console/campaigns/${campaign.id}/enrolments`) });
  const usable = (enrolments.data?.items ?? []).filter((e) => !e.withdrawnAt && e.missingStandards.length === 0);
  const [form, setForm] = useState({ nameZh: '', nameEn: '', scenarioZh: '', scenarioEn: '', price: null as number | null });
  const [parts, setParts] = useState<Part[]>([{ units: 1 }, { units: 1 }]);
  const [refusal, setRefusal] = useState<string | null>(null);
  const listFen = parts.reduce((s, p) => s + p.units * (usable.find((e) => e.productId === p.productId)?.product.listPriceFen ?? 0), 0);
  const define = useMutation({
    mutationFn: () => api<CampaignBundleView>(`/api/campaigns/${campaign.id}/bundles`, {
      body: {
        nameZh: form.nameZh.trim(), nameEn: form.nameEn.trim(), scenarioZh: form.scenarioZh.trim() || undefined, scenarioEn: form.scenarioEn.trim() || undefined,
        priceFen: Math.round((form.price ?? 0) * 100), parts: parts.filter((p) => p.productId).map((p) => ({ productId: p.productId!, units: p.units })),
      },
    }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: bundleKeys.ofCampaign(campaign.id) });
      setForm({ nameZh: '', nameEn: '', scenarioZh: '', scenarioEn: '', price: null }); setParts([{ units: 1 }, { units: 1 }]); setRefusal(null);
      message.success(t('console.saved'));
    },
    onError: (e) => setRefusal(errText(e)),
  });
  const ready = form.nameZh.trim() && form.nameEn.trim() && (form.price ?? 0) > 0 && parts.filter((p) => p.productId).length >= 1;

  return (
    <Card title={t('console.title')} style={{ marginTop: 16 }} data-testid="campaign-bundles-console">
      <Typography.Paragraph type="secondary">{t('console.intro')}</Typography.Paragraph>
      {bundles.isError && <Alert type="error" message={errText(bundles.error)} />}
      <Table<CampaignBundleView> rowKey="id" size="small" loading={bundles.isPending} dataSource={bundles.data?.items ?? []} pagination={false} locale={{ emptyText: t('console.empty') }}
        columns={[
          { title: t('console.name'), key: 'n', render: (_, b) => <><Typography.Text strong>{en ? b.nameEn : b.nameZh}</Typography.Text><div className="cell-sub">{en ? b.scenarioEn : b.scenarioZh}</div></> },
          { title: t('console.parts'), key: 'p', render: (_, b) => b.parts.map((p) => `${p.name} ×${p.units}`).join(' + ') },
          { title: t('console.price'), key: 'f', width: 180, render: (_, b) => <>{yuan(b.priceFen)}<div className="cell-sub">{t('console.listTotal', { amount: yuan(b.parts.reduce((s, p) => s + p.units * p.listPriceFen, 0)) })}</div></> },
        ]} />
      {campaign.status !== 'closed' && (
        <div style={{ marginTop: 16, maxWidth: 720 }} data-testid="bundle-define">
          <Typography.Title level={5}>{t('console.add')}</Typography.Title>
          {usable.length === 0 ? <Typography.Text type="secondary">{t('console.noProducts')}</Typography.Text> : (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space.Compact block>
                <Input placeholder={t('console.nameZh')} value={form.nameZh} maxLength={200} onChange={(e) => setForm({ ...form, nameZh: e.target.value })} data-testid="bundle-name-zh" />
                <Input placeholder={t('console.nameEn')} value={form.nameEn} maxLength={200} onChange={(e) => setForm({ ...form, nameEn: e.target.value })} data-testid="bundle-name-en" />
              </Space.Compact>
              <Input.TextArea rows={2} placeholder={t('console.scenarioZh')} value={form.scenarioZh} maxLength={2000} onChange={(e) => setForm({ ...form, scenarioZh: e.target.value })} />
              <Input.TextArea rows={2} placeholder={t('console.scenarioEn')} value={form.scenarioEn} maxLength={4000} onChange={(e) => setForm({ ...form, scenarioEn: e.target.value })} />
              <Typography.Text>{t('console.products')}</Typography.Text>
              {parts.map((p, i) => (
                <Space key={i}>
                  <Select style={{ width: 320 }} value={p.productId} placeholder={t('console.addProduct')} data-testid="bundle-part-product"
                    options={usable.map((e) => ({ value: e.productId, label: `${e.product.name} · ${yuan(e.product.listPriceFen)}`, disabled: parts.some((q, j) => j !== i && q.productId === e.productId) }))}
                    onChange={(v) => setParts(parts.map((q, j) => (j === i ? { ...q, productId: v } : q)))} />
                  <InputNumber min={1} max={99} value={p.units} addonAfter={t('console.units')} onChange={(v) => setParts(parts.map((q, j) => (j === i ? { ...q, units: v ?? 1 } : q)))} />
                  {parts.length > 1 && <Button type="link" danger onClick={() => setParts(parts.filter((_, j) => j !== i))}>×</Button>}
                </Space>
              ))}
              <Button onClick={() => setParts([...parts, { units: 1 }])}>{t('console.addProduct')}</Button>
              <Space>
                <InputNumber min={0.01} step={1} precision={2} style={{ width: 260 }} addonBefore={t('console.price')} value={form.price} onChange={(v) => setForm({ ...form, price: v })} data-testid="bundle-price" />
                <Typography.Text type="secondary">{t('console.listTotal', { amount: yuan(listFen) })}</Typography.Text>
              </Space>
              {refusal && <Alert type="error" showIcon message={refusal} data-testid="bundle-refusal" />}
              <Button type="primary" disabled={!ready} loading={define.isPending} onClick={() => define.mutate()} data-testid="bundle-save">{t('console.save')}</Button>
            </Space>
          )}
        </div>
      )}
    </Card>
  );
}
