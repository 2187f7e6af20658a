import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { api, yuan } from '../shared/api';
import { communityKeys, earningsKeys } from '../shared/query-keys';
import type { components } from '../shared/api-types';
import { formatDateTime } from './trustData';

type ConsolePayout = components['schemas']['ConsolePayout'];
type ConsolePayoutPage = components['schemas']['ConsolePayoutPage'];
type Recon = components['schemas']['PayoutReconciliation'];
type Status = ConsolePayout['status'];
const STATUSES: Status[] = ['awaiting_approval', 'sending', 'sent', 'paid', 'failed', 'rejected'];
const COLORS: Record<Status, string> = { awaiting_approval: 'gold', sending: 'blue', sent: 'blue', paid: 'green', failed: 'red', rejected: 'red' };

/** 团长提现: every payout (filters, pages), the approvals waiting, and the reconciliation report. */
export function PayoutsPage() {
  const { t } = useTranslation('earnings');
  const [tab, setTab] = useState('approvals');
  return (
    <Tabs activeKey={tab} onChange={setTab} items={[
      { key: 'approvals', label: t('console.tabs.approvals'), children: <PayoutTable fixedStatus="awaiting_approval" /> },
      { key: 'all', label: t('console.tabs.all'), children: <PayoutTable /> },
      { key: 'reconciliation', label: t('console.tabs.reconciliation'), children: <Reconciliation /> },
    ]} />
  );
}

function PayoutTable({ fixedStatus }: { fixedStatus?: Status }) {
  const { t, i18n } = useTranslation('earnings');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status | undefined>(fixedStatus);
  const [community, setCommunity] = useState<string | undefined>();
  const communities = useQuery({ queryKey: communityKeys.list(), queryFn: () => api<{ items: { id: string; name: string }[] }>('/api/communities'), enabled: !fixedStatus });
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [rejecting, setRejecting] = useState<ConsolePayout | null>(null);
  const [reason, setReason] = useState('');
  const qs = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  if (status) qs.set('status', status);
  if (community) qs.set('communityId', community);
  if (range?.[0]) qs.set('from', range[0].startOf('day').toISOString());
  if (range?.[1]) qs.set('to', range[1].endOf('day').toISOString());
  const list = useQuery({
    queryKey: earningsKeys.consoleList(qs.toString()),
    queryFn: () => api<ConsolePayoutPage>(`/api/console/payouts?${qs}`),
    placeholderData: keepPreviousData,
  });
  const act = useMutation({
    mutationFn: ({ id, action, body }: { id: string; action: string; body: unknown }) => api<ConsolePayout>(`/api/console/payouts/${id}/${action}`, { method: 'POST', body }),
    onSuccess: (_p, v) => {
      void message.success(v.action === 'approve' ? t('console.approved') : v.action === 'reject' ? t('console.rejected') : t('console.completed'));
      setRejecting(null);
      setReason('');
      void queryClient.invalidateQueries({ queryKey: earningsKeys.all });
    },
    onError: (err: Error) => void message.error(err.message),
  });
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const columns: ColumnsType<ConsolePayout> = [
    { title: t('console.cols.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale) },
    { title: t('console.cols.leader'), dataIndex: 'leaderName' },
    { title: t('console.cols.community'), dataIndex: 'communityName' },
    { title: t('console.cols.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => <strong>{yuan(v)}</strong> },
    { title: t('console.cols.status'), dataIndex: 'status', render: (s: Status) => <Tag color={COLORS[s]}>{t(`status.${s}`)}</Tag> },
    { title: t('console.cols.providerRef'), dataIndex: 'providerRef', render: (v: string | null) => <Typography.Text type="secondary" copyable={!!v}>{v ?? '—'}</Typography.Text> },
    { title: t('console.cols.note'), render: (_, p) => p.failureReason ?? p.decisionNote ?? p.lastError ?? '' },
    {
      title: t('console.cols.actions'), render: (_, p) => (
        <Space wrap>
          {p.status === 'awaiting_approval' && <>
            <Button type="primary" size="small" loading={act.isPending} onClick={() => act.mutate({ id: p.id, action: 'approve', body: {} })} data-testid="approve-payout">{t('console.approve')}</Button>
            <Button danger size="small" onClick={() => setRejecting(p)}>{t('console.reject')}</Button>
          </>}
          {p.status === 'sent' && p.provider === 'sandbox' && <>
            <Button size="small" onClick={() => act.mutate({ id: p.id, action: 'sandbox-complete', body: { outcome: 'PAID' } })} data-testid="sandbox-paid">{t('console.sandboxPaid')}</Button>
            <Button size="small" onClick={() => act.mutate({ id: p.id, action: 'sandbox-complete', body: { outcome: 'FAILED' } })}>{t('console.sandboxFailed')}</Button>
          </>}
        </Space>
      ),
    },
  ];
  return (
    <>
      {!fixedStatus && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Select allowClear style={{ width: 180 }} placeholder={t('console.filters.anyStatus')} value={status} onChange={(v) => { setStatus(v); setPage(1); }}
            options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} aria-label={t('console.filters.status')} />
          <Select allowClear showSearch optionFilterProp="label" style={{ width: 220 }} placeholder={t('console.filters.community')} value={community} onChange={(v) => { setCommunity(v); setPage(1); }}
            options={(communities.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} aria-label={t('console.filters.community')} />
          <DatePicker.RangePicker value={range} onChange={(v) => { setRange(v); setPage(1); }} />
        </Space>
      )}
      <Table rowKey="id" size="middle" columns={columns} dataSource={list.data?.items ?? []} loading={list.isFetching}
        locale={{ emptyText: fixedStatus ? t('console.noApprovals') : undefined }}
        pagination={{ current: page, pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => t('console.total', { total: n }), onChange: (p, s) => { setPage(p); setPageSize(s); } }} />
      <Modal open={!!rejecting} title={t('console.rejectTitle')} okText={t('console.rejectOk')} okButtonProps={{ danger: true, disabled: reason.trim().length < 2, loading: act.isPending }}
        onOk={() => rejecting && act.mutate({ id: rejecting.id, action: 'reject', body: { reason } })} onCancel={() => setRejecting(null)}>
        <p>{rejecting && `${rejecting.leaderName} · ${yuan(rejecting.amountFen)}`}</p>
        <Input.TextArea rows={3} maxLength={200} showCount placeholder={t('console.rejectReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </>
  );
}

/** Checks whose figures are a number of rows, not an amount. */
const COUNT_CHECKS = new Set(['provider_records', 'leader_balances', 'balances_match_transfers', 'payouts_vs_entries']);

function Reconciliation() {
  const { t, i18n } = useTranslation('earnings');
  const report = useQuery({ queryKey: earningsKeys.reconciliation(), queryFn: () => api<Recon>('/api/console/payouts/reconciliation') });
  const r = report.data;
  if (!r) return report.isError ? <Alert type="error" message={(report.error as Error).message} /> : <Table loading />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Alert type={r.ok ? 'success' : 'error'} showIcon message={r.ok ? t('console.recon.ok') : t('console.recon.bad')} data-testid="recon-result"
        description={t('console.recon.checkedAt', { time: formatDateTime(r.checkedAt as string, i18n.language === 'en' ? 'en' : 'zh-CN') })}
        action={<Button onClick={() => report.refetch()} loading={report.isFetching}>{t('console.recon.refresh')}</Button>} />
      <Table rowKey="key" size="small" pagination={false} dataSource={r.checks} columns={[
        { title: t('console.recon.check'), dataIndex: 'key', render: (k: string) => t(`console.recon.keys.${k}`, { defaultValue: k }) },
        { title: t('console.recon.expected'), dataIndex: 'expectedFen', align: 'right', render: (v: number, c) => (COUNT_CHECKS.has(c.key) ? v : yuan(v)) },
        { title: t('console.recon.actual'), dataIndex: 'actualFen', align: 'right', render: (v: number, c) => (COUNT_CHECKS.has(c.key) ? v : yuan(v)) },
        { title: t('console.recon.result'), dataIndex: 'ok', render: (ok: boolean) => <Tag color={ok ? 'green' : 'red'}>{ok ? t('console.recon.pass') : t('console.recon.fail')}</Tag> },
      ]} />
      {r.mismatches.length > 0 && (
        <>
          <Typography.Title level={5}>{t('console.recon.mismatches')}</Typography.Title>
          <Table rowKey={(m) => `${m.payoutId}-${m.providerRef}`} size="small" pagination={false} dataSource={r.mismatches} columns={[
            { title: t('console.cols.providerRef'), dataIndex: 'providerRef' },
            { title: t('console.cols.status'), dataIndex: 'problem', render: (p: string) => <Tag color="red">{t(`console.recon.problem.${p}`)}</Tag> },
            { title: t('console.recon.ours'), dataIndex: 'ours' },
            { title: t('console.recon.theirs'), dataIndex: 'theirs' },
          ]} />
        </>
      )}
      {r.payoutsOffHistory.length > 0 && (
        <>
          <Typography.Title level={5}>{t('console.recon.offHistory')}</Typography.Title>
          <Typography.Paragraph data-testid="recon-off-history">{r.payoutsOffHistory.map((id) => <div key={id}><Typography.Text code copyable>{id}</Typography.Text></div>)}</Typography.Paragraph>
        </>
      )}
    </Space>
  );
}
