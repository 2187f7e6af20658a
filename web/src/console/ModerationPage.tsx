import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api, formatTime } from '../shared/api';
import { communityKeys, feedKeys } from '../shared/query-keys';

/** GET /api/moderation/reports (operators: every community's open reports). */
interface Report {
  id: string; communityId: string; targetType: 'post' | 'comment'; targetId: string; postId: string | null;
  reason: string; excerpt: string; reporterName: string; authorName: string; createdAt: string;
}
interface CommunityRow { id: string; name: string }

/** 内容举报: the platform's queue of reports leaders have not handled — hide with a kept reason, or dismiss. */
export function ModerationPage() {
  const { t, i18n } = useTranslation('moderation');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const reports = useQuery({ queryKey: feedKeys.reports(), queryFn: () => api<{ items: Report[] }>('/api/moderation/reports'), refetchInterval: 60_000 });
  const communities = useQuery({ queryKey: communityKeys.list(), queryFn: () => api<{ items: CommunityRow[] } | CommunityRow[]>('/api/communities') });
  const names = new Map((Array.isArray(communities.data) ? communities.data : communities.data?.items ?? []).map((c) => [c.id, c.name]));
  const [hiding, setHiding] = useState<Report | null>(null);
  const [reason, setReason] = useState('');

  const resolve = useMutation({
    mutationFn: (v: { id: string; decision: 'hide' | 'dismiss'; reason: string }) => api(`/api/moderation/reports/${v.id}/resolve`, { body: { decision: v.decision, reason: v.reason } }),
    onSuccess: () => {
      void message.success(t('done'));
      setHiding(null);
      setReason('');
      void queryClient.invalidateQueries({ queryKey: feedKeys.reportsAll() });
    },
    onError: (err: Error) => void message.error(err.message),
  });

  const columns: ColumnsType<Report> = [
    { title: t('columns.community'), dataIndex: 'communityId', width: 140, render: (id: string) => names.get(id) ?? '—' },
    {
      title: t('columns.target'), key: 'target',
      render: (_, r) => (
        <Space direction="vertical" size={2}>
          <Tag>{t(`target.${r.targetType}`)}</Tag>
          {/* Plain text: whatever was posted is shown, never interpreted. */}
          <Typography.Text>{r.excerpt}</Typography.Text>
        </Space>
      ),
    },
    { title: t('columns.reason'), dataIndex: 'reason', width: 180 },
    { title: t('columns.people'), key: 'people', width: 200, render: (_, r) => <span className="cell-sub">{t('by', { author: r.authorName, reporter: r.reporterName })}</span> },
    { title: t('columns.time'), dataIndex: 'createdAt', width: 130, render: (v: string) => formatTime(v, 'Asia/Shanghai', i18n.language === 'en' ? 'en' : 'zh-CN') },
    {
      title: t('columns.actions'), key: 'actions', width: 170,
      render: (_, r) => (
        <Space>
          <Button danger size="small" onClick={() => { setHiding(r); setReason(''); }} data-testid="moderation-hide">{t('hide')}</Button>
          <Button size="small" data-testid="moderation-dismiss" onClick={() => Modal.confirm({
            title: t('dismissTitle'), content: t('dismissBody'), onOk: () => resolve.mutateAsync({ id: r.id, decision: 'dismiss', reason: '' }),
          })}>{t('dismiss')}</Button>
        </Space>
      ),
    },
  ];

  const reasonOk = reason.trim().length >= 2 && reason.trim().length <= 200;
  return (
    <div className="console-panel">
      <div className="console-toolbar">
        <div>
          <h2>{t('title')}</h2>
          <div className="cell-sub">{t('subtitle')}</div>
        </div>
      </div>
      <Table<Report>
        rowKey="id" columns={columns} dataSource={reports.data?.items ?? []} loading={reports.isPending} pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: reports.isError ? reports.error.message : <Empty description={t('empty')} /> }} data-testid="moderation-table"
      />
      <Modal
        open={hiding !== null} title={hiding ? t('hideTitle', { target: t(`target.${hiding.targetType}`) }) : ''} okText={t('hideOk')} okButtonProps={{ danger: true, disabled: !reasonOk, loading: resolve.isPending }}
        onCancel={() => setHiding(null)} onOk={() => hiding && resolve.mutate({ id: hiding.id, decision: 'hide', reason: reason.trim() })}
      >
        <Typography.Paragraph type="secondary">{hiding?.excerpt}</Typography.Paragraph>
        <div>{t('hideReason')}</div>
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} showCount placeholder={t('hideReasonPlaceholder')} data-testid="moderation-reason" />
        {!reasonOk && reason.length > 0 && <Typography.Text type="danger">{t('reasonRequired')}</Typography.Text>}
      </Modal>
    </div>
  );
}
