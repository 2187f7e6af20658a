import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Drawer, Input, List, Modal, Popconfirm, Space, Spin, Table, Tag, Typography } from 'antd';
import { api, ApiError } from '../../shared/api';
import { campaignKeys, type CampaignCandidate, type CampaignEnrolment, type ConsoleCampaign } from '../../shared/campaigns';
import { CampaignForm } from './CampaignForm';
import { StatusTag } from './CampaignsPage';
import { BundlesCard } from './BundlesCard';

const errText = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

/** /console/campaigns/:id — the campaign, publishing and closing, and its enrolment with each product's live proof. */
export default function CampaignDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('campaigns');
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: campaignKeys.console(), queryFn: () => api<{ items: ConsoleCampaign[] }>('/api/console/campaigns') });
  const c = list.data?.items.find((x) => x.id === id);
  const [editing, setEditing] = useState(false);
  const act = useMutation({
    mutationFn: (what: 'publish' | 'close') => api(`/api/console/campaigns/${id}/${what}`, { method: 'POST' }),
    onSuccess: (_, what) => { void qc.invalidateQueries({ queryKey: campaignKeys.all }); message.success(t(what === 'publish' ? 'console.published' : 'console.closed')); },
    onError: (e) => message.error(errText(e)),
  });
  if (list.isPending) return <Spin />;
  if (!c) return <Alert type="error" message={t('resident.notFound')} action={<Link to="/console/campaigns">{t('console.back')}</Link>} />;
  return (
    <div className="console-panel" data-testid="campaign-detail">
      <Space style={{ marginBottom: 12 }}><Link to="/console/campaigns">← {t('console.back')}</Link></Space>
      <Card
        title={<Space><span>{en ? c.nameEn : c.nameZh}</span><Tag color="gold">{en ? c.badgeEn : c.badgeZh}</Tag><StatusTag c={c} /></Space>}
        extra={<Space>
          {c.status !== 'draft' && <a href={`/campaigns/${c.slug}`} target="_blank" rel="noreferrer">{t('console.viewPage')}</a>}
          {c.status !== 'draft' && <Link to={`/console/campaign-results/${c.id}`} data-testid="campaign-results-link">{t('console.results')}</Link>}
          <Link to="/console/ambassadors">{t('console.ambassadors')}</Link>
          {c.status !== 'closed' && <Button onClick={() => setEditing(true)} data-testid="edit-campaign">{t('console.edit')}</Button>}
          {c.status === 'draft' && <Popconfirm title={t('console.publishConfirm')} onConfirm={() => act.mutate('publish')} okText={t('console.publish')} cancelText={t('console.cancel')}>
            <Button type="primary" loading={act.isPending} data-testid="publish-campaign">{t('console.publish')}</Button></Popconfirm>}
          {c.status === 'published' && <Popconfirm title={t('console.closeConfirm')} onConfirm={() => act.mutate('close')} okText={t('console.close')} cancelText={t('console.cancel')} okButtonProps={{ danger: true }}>
            <Button danger loading={act.isPending}>{t('console.close')}</Button></Popconfirm>}
        </Space>}>
        <Descriptions column={2} size="small">
          <Descriptions.Item label={t('console.slug')}>/campaigns/{c.slug}</Descriptions.Item>
          <Descriptions.Item label={t('console.period')}>{t('period', { from: c.startsOn, to: c.endsOn })}</Descriptions.Item>
          <Descriptions.Item label={t('console.products')}>{t('console.productsCount', { proving: c.provingCount, enrolled: c.enrolledCount })}</Descriptions.Item>
          <Descriptions.Item label={t('console.story')}><Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0 }}>{en ? c.storyEn : c.storyZh}</Typography.Paragraph></Descriptions.Item>
        </Descriptions>
      </Card>
      <Enrolments campaign={c} />
      <BundlesCard campaign={c} />
      <Drawer open={editing} width={640} onClose={() => setEditing(false)} title={t('console.edit')} destroyOnHidden>
        {editing && <CampaignForm campaign={c} onDone={() => setEditing(false)} />}
      </Drawer>
    </div>
  );
}

function Enrolments({ campaign }: { campaign: ConsoleCampaign }) {
  const { t, i18n } = useTranslation('campaigns');
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const qc = useQueryClient();
  const rows = useQuery({ queryKey: campaignKeys.enrolments(campaign.id), queryFn: () => api<{ items: CampaignEnrolment[] }>(`/api/console/campaigns/${campaign.id}/enrolments`) });
  const [withdrawing, setWithdrawing] = useState<CampaignEnrolment | null>(null);
  const [reason, setReason] = useState('');
  const withdraw = useMutation({
    mutationFn: (e: CampaignEnrolment) => api(`/api/console/campaigns/${campaign.id}/products/${e.productId}/withdraw`, { body: { reason } }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: campaignKeys.all }); setWithdrawing(null); setReason(''); message.success(t('console.withdrawDone')); },
    onError: (e) => message.error(errText(e)),
  });
  const names = (l: { nameZh: string; nameEn: string }[]) => l.map((s) => (en ? s.nameEn : s.nameZh)).join(en ? ', ' : '、');
  return (
    <Space direction="vertical" style={{ width: '100%', marginTop: 16 }} size={16}>
      <Card title={t('console.enrolled')}>
        {rows.isError && <Alert type="error" message={errText(rows.error)} />}
        <Table<CampaignEnrolment> rowKey={(r) => `${r.productId}-${r.enrolledAt}`} loading={rows.isPending} dataSource={rows.data?.items ?? []} pagination={false}
          locale={{ emptyText: t('console.enrolledEmpty') }} data-testid="enrolments"
          columns={[
            { title: t('console.products'), key: 'p', render: (_, r) => <><Typography.Text strong>{r.product.name}</Typography.Text><div className="cell-sub">{r.product.spec}</div></> },
            { title: t('console.status'), key: 's', render: (_, r) => r.withdrawnAt ? <Tag>{t('console.withdrawn', { reason: r.withdrawReason })}</Tag>
              : r.missingStandards.length ? <Space direction="vertical" size={0}><Tag color="red" data-testid="lost-proof">{t('console.lost', { standards: names(r.missingStandards) })}</Tag><span className="cell-sub">{t('console.lostHint')}</span></Space>
                : <Tag color="green" data-testid="proving">{t('console.proving')}</Tag> },
            { title: '', key: 'a', width: 110, render: (_, r) => !r.withdrawnAt && campaign.status !== 'closed' && <Button danger type="link" onClick={() => setWithdrawing(r)}>{t('console.withdraw')}</Button> },
          ]} />
      </Card>
      {campaign.status !== 'closed' && <Candidates campaign={campaign} />}
      <Modal open={!!withdrawing} title={withdrawing ? t('console.withdrawTitle', { name: withdrawing.product.name }) : ''} okText={t('console.withdrawOk')} cancelText={t('console.cancel')}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: withdraw.isPending }} onOk={() => withdrawing && withdraw.mutate(withdrawing)} onCancel={() => { setWithdrawing(null); setReason(''); }}>
        <Typography.Paragraph>{t('console.withdrawReason')}</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="withdraw-reason" />
      </Modal>
    </Space>
  );
}

function Candidates({ campaign }: { campaign: ConsoleCampaign }) {
  const { t, i18n } = useTranslation('campaigns');
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [refusal, setRefusal] = useState<{ name: string; text: string } | null>(null);
  const list = useQuery({ queryKey: campaignKeys.candidates(campaign.id, q), queryFn: () => api<{ items: CampaignCandidate[] }>(`/api/console/campaigns/${campaign.id}/candidates?q=${encodeURIComponent(q)}`) });
  const enrol = useMutation({
    mutationFn: (c: CampaignCandidate) => api(`/api/console/campaigns/${campaign.id}/products`, { body: { productId: c.product.id } }),
    onSuccess: () => { setRefusal(null); void qc.invalidateQueries({ queryKey: campaignKeys.all }); message.success(t('console.enrolDone')); },
    onError: (e, c) => setRefusal({ name: c.product.name, text: errText(e) }),
  });
  return (
    <Card title={t('console.enrolTitle')}>
      <Input.Search allowClear placeholder={t('console.searchPlaceholder')} onSearch={setQ} style={{ maxWidth: 360, marginBottom: 12 }} data-testid="candidate-search" />
      {refusal && <Alert type="error" showIcon closable onClose={() => setRefusal(null)} style={{ marginBottom: 12 }} message={`${t('console.refused')}：${refusal.name}`} description={refusal.text} data-testid="enrol-refusal" />}
      <List<CampaignCandidate> loading={list.isPending} dataSource={list.data?.items ?? []} data-testid="candidates"
        renderItem={(c) => (
          <List.Item data-testid="candidate" actions={[<Button key="e" type={c.missingStandards.length ? 'default' : 'primary'} loading={enrol.isPending && enrol.variables?.product.id === c.product.id} onClick={() => enrol.mutate(c)} data-testid="enrol">{t('console.enrol')}</Button>]}>
            <List.Item.Meta title={c.product.name} description={c.missingStandards.length
              ? <Typography.Text type="danger">{t('console.lacks', { standards: c.missingStandards.map((s) => (en ? s.nameEn : s.nameZh)).join(en ? ', ' : '、') })}</Typography.Text>
              : <Typography.Text type="success">{t('console.canEnrol')}</Typography.Text>} />
          </List.Item>
        )} />
    </Card>
  );
}
