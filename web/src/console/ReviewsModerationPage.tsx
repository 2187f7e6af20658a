import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Image, Input, Modal, Rate, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api, formatTime } from '../shared/api';
import type { components } from '../shared/api-types';
import { reviewKeys } from '../shared/query-keys';

type Row = components['schemas']['ModerationReview'];
type Queue = components['schemas']['ReviewModerationQueue'];

/**
 * 商品评价管理: every review, newest first, shown or hidden. Operators hide abuse with a reason the
 * author sees (kept in the audit) and can show a review again; stars play no part in it.
 */
export function ReviewsModerationPage() {
  const { t, i18n } = useTranslation('reviews');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [status, setStatus] = useState<'visible' | 'hidden'>('visible');
  const [page, setPage] = useState(1);
  const queue = useQuery({ queryKey: reviewKeys.console(status, String(page)), queryFn: () => api<Queue>(`/api/console/reviews?status=${status}&page=${page}`) });
  const [acting, setActing] = useState<{ row: Row; action: 'hide' | 'unhide' } | null>(null);
  const [reason, setReason] = useState('');
  const time = (v: string) => formatTime(v, 'Asia/Shanghai', i18n.language === 'en' ? 'en' : 'zh-CN');

  const moderate = useMutation({
    mutationFn: (v: { id: string; action: 'hide' | 'unhide'; reason: string }) => api(`/api/reviews/${v.id}/${v.action}`, { body: { reason: v.reason } }),
    onSuccess: () => {
      void message.success(t('console.done'));
      setActing(null);
      setReason('');
      void qc.invalidateQueries({ queryKey: reviewKeys.all });
    },
    onError: (err: Error) => void message.error(err.message),
  });

  const columns: ColumnsType<Row> = [
    { title: t('console.columns.product'), key: 'product', width: 180, render: (_, r) => <Space direction="vertical" size={0}><Typography.Text strong>{r.productName}</Typography.Text><span className="cell-sub">{r.communityName}</span></Space> },
    {
      title: t('console.columns.review'), key: 'review',
      render: (_, r) => (
        <Space direction="vertical" size={4}>
          <Space size={6}><Rate disabled value={r.stars} style={{ fontSize: 14 }} />{r.edited && <Tag>{t('edited')}</Tag>}</Space>
          {/* Plain text: what was written is shown, never interpreted. */}
          {r.body && <Typography.Text>{r.body}</Typography.Text>}
          {r.photos.length > 0 && <Image.PreviewGroup><Space size={4}>{r.photos.map((u) => <Image key={u} src={u} width={56} height={56} style={{ objectFit: 'cover' }} />)}</Space></Image.PreviewGroup>}
          {r.hidden && r.hiddenReason && <Typography.Text type="danger">{t('console.hiddenBecause', { reason: r.hiddenReason })}</Typography.Text>}
          {r.history.length > 0 && (
            <span className="cell-sub">{t('console.history')}: {r.history.map((h) => t(h.action === 'hide' ? 'console.historyHide' : 'console.historyUnhide', { time: time(h.at), reason: h.reason })).join('；')}</span>
          )}
        </Space>
      ),
    },
    { title: t('console.columns.author'), dataIndex: 'author', width: 90 },
    { title: t('console.columns.time'), dataIndex: 'createdAt', width: 130, render: (v: string) => time(v) },
    {
      title: t('console.columns.actions'), key: 'actions', width: 110,
      render: (_, r) => r.hidden
        ? <Button size="small" onClick={() => { setActing({ row: r, action: 'unhide' }); setReason(''); }} data-testid="review-unhide">{t('console.unhide')}</Button>
        : <Button danger size="small" onClick={() => { setActing({ row: r, action: 'hide' }); setReason(''); }} data-testid="review-hide">{t('console.hide')}</Button>,
    },
  ];

  const reasonOk = reason.trim().length >= 2 && reason.trim().length <= 200;
  return (
    <div className="console-panel">
      <div className="console-toolbar">
        <div>
          <h2>{t('console.title')}</h2>
          <div className="cell-sub">{t('console.subtitle')}</div>
        </div>
        <Segmented value={status} onChange={(v) => { setStatus(v as 'visible' | 'hidden'); setPage(1); }}
          options={[{ value: 'visible', label: t('console.tabs.visible') }, { value: 'hidden', label: t('console.tabs.hidden') }]} />
      </div>
      <Table<Row>
        rowKey="id" columns={columns} dataSource={queue.data?.items ?? []} loading={queue.isPending}
        pagination={{ current: page, pageSize: queue.data?.pageSize ?? 20, total: queue.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
        locale={{ emptyText: queue.isError ? queue.error.message : <Empty description={t('console.empty')} /> }} data-testid="reviews-table"
      />
      <Modal
        open={acting !== null} title={acting ? t(acting.action === 'hide' ? 'console.hideTitle' : 'console.unhideTitle') : ''}
        okText={acting ? t(acting.action === 'hide' ? 'console.hide' : 'console.unhide') : ''}
        okButtonProps={{ danger: acting?.action === 'hide', disabled: !reasonOk, loading: moderate.isPending }}
        onCancel={() => setActing(null)} onOk={() => acting && moderate.mutate({ id: acting.row.id, action: acting.action, reason: reason.trim() })}
      >
        <Typography.Paragraph type="secondary">{acting?.row.body}</Typography.Paragraph>
        <div>{t('console.reason')}</div>
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} showCount placeholder={t('console.reasonPlaceholder')} data-testid="review-reason" />
        {!reasonOk && reason.length > 0 && <Typography.Text type="danger">{t('console.reasonRequired')}</Typography.Text>}
      </Modal>
    </div>
  );
}
