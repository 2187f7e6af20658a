import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Drawer, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../shared/api';
import { campaignKeys, type ConsoleCampaign } from '../../shared/campaigns';
import { CampaignForm } from './CampaignForm';

export function StatusTag({ c }: { c: Pick<ConsoleCampaign, 'status' | 'running'> }) {
  const { t } = useTranslation('campaigns');
  if (c.status === 'published') return c.running ? <Tag color="green">{t('status.running')}</Tag> : <Tag color="blue">{t('status.published')}</Tag>;
  return <Tag color={c.status === 'closed' ? 'default' : 'orange'}>{t(`status.${c.status}`)}</Tag>;
}

/** /console/campaigns — every campaign, its status and how many enrolled products prove its standards now. */
export default function CampaignsPage() {
  const { t, i18n } = useTranslation('campaigns');
  const en = i18n.language === 'en';
  const navigate = useNavigate();
  const list = useQuery({ queryKey: campaignKeys.console(), queryFn: () => api<{ items: ConsoleCampaign[] }>('/api/console/campaigns') });
  const [creating, setCreating] = useState(false);
  return (
    <div className="console-panel">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} align="start">
        <Typography.Paragraph type="secondary" style={{ maxWidth: 760, margin: 0 }}>{t('console.intro')}</Typography.Paragraph>
        <Button type="primary" onClick={() => setCreating(true)} data-testid="new-campaign">{t('console.create')}</Button>
      </Space>
      {list.isError && <Alert type="error" message={t('console.loadError')} description={String(list.error)} />}
      <Table<ConsoleCampaign> rowKey="id" loading={list.isPending} dataSource={list.data?.items ?? []} pagination={false}
        onRow={(c) => ({ onClick: () => navigate(`/console/campaigns/${c.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('console.name'), key: 'name', render: (_, c) => <><Typography.Text strong>{en ? c.nameEn : c.nameZh}</Typography.Text><div className="cell-sub">/campaigns/{c.slug}</div></> },
          { title: t('console.badge'), key: 'badge', width: 140, render: (_, c) => <Tag color="gold">{en ? c.badgeEn : c.badgeZh}</Tag> },
          { title: t('console.period'), key: 'period', width: 220, render: (_, c) => t('period', { from: c.startsOn, to: c.endsOn }) },
          { title: t('console.products'), key: 'products', width: 160, render: (_, c) => t('console.productsCount', { proving: c.provingCount, enrolled: c.enrolledCount }) },
          { title: t('console.status'), key: 'status', width: 100, render: (_, c) => <StatusTag c={c} /> },
          { title: '', key: 'open', width: 80, render: (_, c) => <Button type="link" data-testid="open-campaign" onClick={() => navigate(`/console/campaigns/${c.id}`)}>{t('console.open')}</Button> },
        ]} />
      <Drawer open={creating} width={640} onClose={() => setCreating(false)} title={t('console.create')} destroyOnHidden>
        {creating && <CampaignForm campaign={null} onDone={(c) => { setCreating(false); navigate(`/console/campaigns/${c.id}`); }} />}
      </Drawer>
    </div>
  );
}
