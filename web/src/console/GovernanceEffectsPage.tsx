import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Input, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api, ApiError } from '../shared/api';
import { proposalKeys } from '../shared/query-keys';
import type { GovernanceEffect } from '../shared/governance/api';
import { formatDateTime } from './trustData';

type Status = 'awaiting' | 'approved' | 'declined';

/** 社区提案待办: what passed proposals ask of the operator — product requests, rule drafts with the vote attached, fund transfers. */
export function GovernanceEffectsPage() {
  const { t, i18n } = useTranslation('governance');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>('awaiting');
  const [notes, setNotes] = useState<Record<string, string>>({});
  const list = useQuery({ queryKey: proposalKeys.effects(status), queryFn: () => api<{ items: GovernanceEffect[] }>(`/api/console/governance/effects?status=${status}`) });
  const decide = useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: 'approve' | 'decline' }) => api<GovernanceEffect>(`/api/console/governance/effects/${id}/${decision}`, { method: 'POST', body: { note: notes[id] ?? '' } }),
    onSuccess: () => { void queryClient.invalidateQueries({ queryKey: proposalKeys.all }); void message.success(t('console.decided')); },
    onError: (err) => void message.error(t('console.failed', { message: err instanceof ApiError ? err.message : String(err) })),
  });
  const what = (e: GovernanceEffect) => {
    const d = e.details;
    if (d.kind === 'product') return `${d.productName}${d.spec ? ` · ${d.spec}` : ''}${d.note ? ` — ${d.note}` : ''}`;
    if (d.kind === 'fund') return t('console.fundText', { amount: d.amountPoints, to: d.recipientName ?? '', purpose: d.purpose, balance: d.fundBalance ?? 0 });
    const r = e.ruleDraft;
    return (
      <>
        <div>{r ? t('console.ruleText', { key: r.key ?? t('console.newRule'), base: r.baseVersion ?? 0, action: t(`actions.${r.action}`, { defaultValue: r.action }) }) : d.name}</div>
        <div className="cell-sub">{d.description}</div>
        <Typography.Text code>{d.condition}</Typography.Text>
      </>
    );
  };
  const columns: ColumnsType<GovernanceEffect> = [
    { title: t('console.community'), width: 120, render: (_, e) => e.proposal.communityName },
    { title: t('console.proposal'), width: 220, render: (_, e) => (<><Tag>{t(`console.kind.${e.kind}`)}</Tag><div><strong>{e.proposal.title}</strong></div><div className="cell-sub">{e.proposal.reason}</div></>) },
    { title: t('console.what'), render: (_, e) => what(e) },
    { title: t('console.vote'), width: 200, render: (_, e) => (<><div>{t('console.voteText', e.vote)}</div><div className="cell-sub">{formatDateTime(e.vote.closedAt, i18n.language)} · #{e.vote.outcomeSeq}</div></>) },
    status === 'awaiting'
      ? { title: '', width: 260, render: (_, e) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('console.note')} value={notes[e.id] ?? ''} onChange={(ev) => setNotes((n) => ({ ...n, [e.id]: ev.target.value }))} />
          <Space>
            <Button type="primary" loading={decide.isPending} onClick={() => decide.mutate({ id: e.id, decision: 'approve' })}>{t('console.approve')}</Button>
            <Button danger loading={decide.isPending} onClick={() => decide.mutate({ id: e.id, decision: 'decline' })}>{t('console.decline')}</Button>
          </Space>
        </Space>
      ) }
      : { title: t('console.note'), width: 200, render: (_, e) => (<><div>{e.decisionNote ?? '—'}</div><div className="cell-sub">{e.decidedAt ? formatDateTime(e.decidedAt, i18n.language) : ''}</div></>) },
  ];
  return (
    <div>
      <Segmented<Status> value={status} onChange={setStatus} options={(['awaiting', 'approved', 'declined'] as const).map((s) => ({ value: s, label: t(`console.${s}`) }))} style={{ marginBottom: 16 }} />
      <Table rowKey="id" loading={list.isPending} columns={columns} dataSource={list.data?.items ?? []} pagination={false} locale={{ emptyText: <Empty description={t('console.empty')} /> }} />
    </div>
  );
}
